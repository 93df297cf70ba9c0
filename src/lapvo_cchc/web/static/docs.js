/* Starts Swagger UI (its files come from the swagger-ui-bundle-v2 package, served by
 * this app) on the app's own OpenAPI document. validatorUrl null: no request leaves
 * the server the page came from. */
"use strict";
window.ui = SwaggerUIBundle({
  url: "openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: false,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
});
