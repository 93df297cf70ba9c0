/* lapvo_cchc portal page: the due-date calculator and the report view.
 * Plain JavaScript, no build step, no third-party code. It calls the same
 * app's JSON endpoints (POST deadline, POST kpi/report, GET kpi/report/sample)
 * with URLs relative to the page's <base>, so the app can be mounted under
 * any prefix. Vietnamese by default; ?lang=en switches to English. */
"use strict";

(function () {
  const LANG = document.documentElement.lang === "en" ? "en" : "vi";
  const LOCALE = LANG === "vi" ? "vi-VN" : "en-GB";
  const VN_OFFSET = "+07:00";

  const EN = {
    title: "Legal deadlines and reports of administrative procedures",
    api: "API reference",
    "calc.title": "Due-date calculator",
    "calc.hint": "Vietnam time (UTC+7). Days off follow the official holiday schedule of civil servants.",
    "calc.received": "Received at",
    "calc.amount": "Time limit",
    "calc.unit": "Unit",
    "unit.wd": "working days",
    "unit.wh": "working hours",
    "unit.cd": "calendar days",
    "unit.sd": "same day",
    "calc.pause": "Paused for a supplement (if any)",
    "calc.pauseFrom": "Supplement requested at",
    "calc.pauseTo": "Supplement received at",
    "calc.status": "Status",
    "calc.finished": "Result returned at",
    "calc.asOf": "As of (empty: now)",
    "calc.submit": "Compute the due date",
    "rep.title": "Report of dossier handling",
    "rep.source": "Dossier ledger",
    "rep.sample": "Sample data (Lấp Vò district, synthetic, 12/2019–6/2020)",
    "rep.file": "Your CSV file",
    "rep.choose": "CSV file (UTF-8)",
    "rep.profile": "Column names",
    "rep.flat": "English (flat)",
    "rep.vi": "Vietnamese",
    "rep.period": "Report period",
    "rep.by": "Group by",
    "dim.month": "month",
    "dim.agency": "agency",
    "dim.level": "level",
    "dim.field": "field",
    "dim.channel": "channel",
    "dim.procedure": "procedure",
    "dim.none": "no grouping (totals only)",
    "rep.submit": "Make the report",
    "rep.chart": "Resolved dossiers: early, on time, late",
    "rep.note": "Columns (3)–(13) as in form 06/VPCP/KSTT (Circular 01/2020/TT-VPCP). Early+on time = ((8) + (9)) / (7).",
    footer: "lapvo_cchc · data is sent to this server only.",
  };

  const T = {
    vi: {
      due: "Hạn giải quyết",
      before: "trước",
      regime: "Quy định áp dụng",
      provisional: "Lịch nghỉ năm {y} chưa được công bố chính thức: hạn có thể thay đổi.",
      EARLY: "Trước hạn",
      ON_TIME: "Đúng hạn",
      LATE: "Quá hạn",
      IN_PROGRESS: "Đang giải quyết trong hạn",
      OVERDUE: "Đang giải quyết quá hạn",
      earlyBy: "sớm {n} ngày làm việc",
      lateBy: "trễ {n} ngày làm việc ({c} ngày theo lịch)",
      lateHours: "trễ {h} giờ",
      left: "còn {n} ngày làm việc",
      dueToday: "đến hạn hôm nay",
      sameDay: "trong ngày hẹn",
      checked: "tính tại {t}",
      needReceived: "Hãy nhập thời điểm tiếp nhận.",
      needFile: "Hãy chọn một tệp CSV.",
      working: "Đang xử lý…",
      failed: "Không xử lý được",
      ledger: "Đã đọc {r} dòng: nhận {a}, loại {x}.",
      line: "dòng",
      rejected: "Dòng bị loại (10 dòng đầu):",
      heading: "Kỳ {p}: {s} – {e}",
      total: "Tổng cộng",
      group: "Nhóm",
      early: "Trước hạn",
      onTime: "Đúng hạn",
      late: "Quá hạn",
      goodRate: "Trước & đúng hạn",
      findings: "Đẳng thức không khớp:",
      more: "(chỉ hiện {n} nhóm lớn nhất)",
      head: ["(3) Tổng", "(4) Trực tuyến", "(5) Trực tiếp, BC", "(6) Kỳ trước",
        "(7) Đã GQ", "(8) Trước hạn", "(9) Đúng hạn", "(10) Quá hạn", "(11) Đang GQ",
        "(12) Trong hạn", "(13) Quá hạn"],
      level: { province: "Cấp tỉnh", district: "Cấp huyện", commune: "Cấp xã" },
      channel: {},
    },
    en: {
      due: "Due date",
      before: "before",
      regime: "Rules applied",
      provisional: "The {y} holiday schedule is not official yet: the due date may change.",
      EARLY: "Early",
      ON_TIME: "On time",
      LATE: "Late",
      IN_PROGRESS: "In progress, within the deadline",
      OVERDUE: "In progress, overdue",
      earlyBy: "{n} working days early",
      lateBy: "{n} working days late ({c} calendar days)",
      lateHours: "{h} hours late",
      left: "{n} working days left",
      dueToday: "due today",
      sameDay: "on the due date",
      checked: "as of {t}",
      needReceived: "Enter when the dossier was received.",
      needFile: "Choose a CSV file.",
      working: "Working…",
      failed: "Could not process the request",
      ledger: "Read {r} rows: {a} accepted, {x} rejected.",
      line: "line",
      rejected: "Rejected rows (the first 10):",
      heading: "Period {p}: {s} – {e}",
      total: "Total",
      group: "Group",
      early: "Early",
      onTime: "On time",
      late: "Late",
      goodRate: "Early+on time",
      findings: "Broken identities:",
      more: "(the {n} largest groups only)",
      head: ["(3) Total", "(4) Online", "(5) In person/post", "(6) Carried", "(7) Resolved",
        "(8) Early", "(9) On time", "(10) Late", "(11) In progress", "(12) Within",
        "(13) Overdue"],
      level: { province: "Province", district: "District", commune: "Commune" },
      channel: { "trực tiếp": "In person", "trực tuyến": "Online", "bưu chính công ích": "Postal" },
    },
  }[LANG];

  const COLUMNS = ["received_total", "received_online", "received_offline", "carried_over",
    "resolved_total", "resolved_early", "resolved_on_time", "resolved_late",
    "in_progress_total", "in_progress_within", "in_progress_overdue"];
  const MAX_BARS = 30;
  let lastReport = null;
  const SVG = "http://www.w3.org/2000/svg";

  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/\{(\w+)\}/g, (_, k) => String(values[k]));
  const num = new Intl.NumberFormat(LOCALE);
  const pct = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function translate() {
    if (LANG !== "en") return;
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const text = EN[node.dataset.i18n];
      if (text) node.textContent = text;
    }
    document.title = EN.title + " · lapvo_cchc";
  }

  function dateText(iso) {  // "2026-03-05" → "05/03/2026"
    const [y, m, d] = iso.slice(0, 10).split("-");
    return `${d}/${m}/${y}`;
  }

  function instantText(iso) {  // "2026-03-06T00:00:00+07:00" → "00:00 06/03/2026"
    return `${iso.slice(11, 16)} ${dateText(iso)}`;
  }

  function weekday(iso) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Intl.DateTimeFormat(LOCALE, { weekday: "long", timeZone: "UTC" })
      .format(new Date(Date.UTC(y, m - 1, d)));
  }

  function instant(value) {  // datetime-local → ISO 8601 with Vietnam's offset
    return value ? `${value.length === 16 ? value + ":00" : value}${VN_OFFSET}` : null;
  }

  function nowInVietnam() {
    const shifted = new Date(Date.now() + 7 * 3600 * 1000);
    return shifted.toISOString().slice(0, 19) + VN_OFFSET;
  }

  async function call(url, options) {
    const response = await fetch(url, options);
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((body && body.detail) || `HTTP ${response.status}`);
      error.problem = body;
      throw error;
    }
    return body;
  }

  function showError(target, error) {
    target.replaceChildren(el("p", { class: "error", role: "alert" }, `${T.failed}: ${error.message}`));
    const list = el("ul", { class: "error" });
    for (const item of (error.problem && error.problem.errors) || []) {
      list.append(el("li", {}, `${item.field}: ${item.detail}`));
    }
    if (list.children.length) target.append(list);
  }

  // -- the calculator ---------------------------------------------------------------------

  function margin(answer) {
    const p = answer.past_due;
    if (!p) return "";
    if (answer.outcome === "EARLY") return fmt(T.earlyBy, { n: -p.working_days });
    if (answer.outcome === "ON_TIME") return T.sameDay;
    if (answer.outcome === "IN_PROGRESS") {
      return p.working_days === 0 ? T.dueToday : fmt(T.left, { n: -p.working_days });
    }
    if (p.working_days === 0) return fmt(T.lateHours, { h: pct.format(p.seconds / 3600) });
    return fmt(T.lateBy, { n: p.working_days, c: p.calendar_days });
  }

  function showDeadline(answer) {
    const box = $("due-result");
    const due = el("p", { class: "due" });
    due.append(el("span", {}, `${T.due}: `));
    const time = el("time", { id: "due-date", datetime: answer.date }, dateText(answer.date));
    due.append(el("strong", {}, `${weekday(answer.date)}, `), time);
    const parts = [due, el("p", { id: "due-at" }, `${T.before} ${instantText(answer.at)} · ${T.regime}: ${answer.regime}`)];
    for (const year of answer.provisional_years) {
      parts.push(el("p", { class: "warning" }, fmt(T.provisional, { y: year })));
    }
    if (answer.outcome) {
      const outcome = el("p", { id: "outcome", class: `outcome ${answer.outcome.toLowerCase()}`, "data-outcome": answer.outcome });
      outcome.append(el("strong", {}, T[answer.outcome]), document.createTextNode(` · ${margin(answer)}`));
      parts.push(outcome, el("p", { class: "hint" }, fmt(T.checked, { t: instantText(answer.checked_at) })));
    }
    box.replaceChildren(...parts);
    box.hidden = false;
  }

  async function onDue(event) {
    event.preventDefault();
    const box = $("due-result");
    const received = instant($("received").value);
    if (!received) {
      box.replaceChildren(el("p", { class: "error", role: "alert" }, T.needReceived));
      box.hidden = false;
      return;
    }
    const unit = $("unit").value;
    const amount = unit === "trong ngày" ? 0 : Number($("amount").value);
    const body = { received_at: received, time_limit: { unit, amount } };
    const from = instant($("pause-from").value);
    const to = instant($("pause-to").value);
    if (from || to) body.pauses = [[from, to]];
    const finished = instant($("finished").value);
    const asOf = instant($("as-of").value);
    if (finished) body.finished_at = finished;
    if (asOf) body.as_of = asOf;
    else if (!finished && nowInVietnam() > received) body.as_of = nowInVietnam();
    try {
      showDeadline(await call("deadline", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }));
    } catch (error) {
      showError(box, error);
      box.hidden = false;
    }
  }

  // -- the report -------------------------------------------------------------------------

  function label(report, group) {
    if (!group) return T.total;
    return report.by.map((dim) => {
      const raw = group[dim];
      if (dim === "level") return T.level[raw] || raw;
      if (dim === "channel") return T.channel[raw] || raw;
      return raw;
    }).join(" / ");
  }

  function goodRate(counts) {
    const n = counts.resolved_early + counts.resolved_on_time;
    return counts.resolved_total ? `${pct.format((100 * n) / counts.resolved_total)} %` : "–";
  }

  function drawTable(report) {
    const table = $("report-table");
    const head = el("tr");
    for (const text of [T.group, ...T.head, T.goodRate]) head.append(el("th", { scope: "col" }, text));
    const body = document.createElement("tbody");
    for (const group of [...report.groups, null]) {
      const counts = group || report.total;
      const row = el("tr", group ? {} : { class: "total" });
      row.append(el("th", { scope: "row" }, label(report, group)));
      for (const column of COLUMNS) row.append(el("td", {}, num.format(counts[column])));
      row.append(el("td", { class: "rate" }, goodRate(counts)));
      body.append(row);
    }
    const thead = document.createElement("thead");
    thead.append(head);
    table.replaceChildren(thead, body);
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function drawChart(report) {
    const rows = [...report.groups]
      .sort((a, b) => b.resolved_total - a.resolved_total).slice(0, MAX_BARS)
      .sort((a, b) => report.groups.indexOf(a) - report.groups.indexOf(b));
    rows.push(null);
    const box = $("chart-svg");
    // Drawn at the box's own width, one SVG unit per CSS pixel: text stays legible on phones.
    const width = Math.max(280, Math.min(760, Math.round(box.clientWidth || 570)));
    const labelW = Math.round(Math.min(150, width * 0.3));
    const rateW = 56;
    const barW = width - labelW - rateW - 6;
    const rowH = 26;
    const top = 30;
    const height = top + rows.length * rowH + 8;
    const chart = svg("svg", {
      viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
      "aria-label": document.querySelector("#chart figcaption").textContent,
    });
    const parts = [["resolved_early", "early", T.early], ["resolved_on_time", "on-time", T.onTime],
      ["resolved_late", "late", T.late]];
    let x = 0;
    for (const [, cls, text] of parts) {  // legend
      chart.append(svg("rect", { x, y: 6, width: 12, height: 12, class: cls }));
      chart.append(svg("text", { x: x + 16, y: 16, class: "legend" }, text));
      x += Math.min(110, Math.floor(width / 3));
    }
    const maxChars = Math.floor(labelW / 7);
    rows.forEach((group, i) => {
      const counts = group || report.total;
      const y = top + i * rowH;
      const name = label(report, group);
      chart.append(svg("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", class: group ? "label" : "label total" },
        name.length > maxChars ? name.slice(0, maxChars - 1) + "…" : name));
      let left = labelW;
      for (const [key, cls] of parts) {
        const w = counts.resolved_total ? (barW * counts[key]) / counts.resolved_total : 0;
        const rect = svg("rect", { x: left, y: y + 3, width: Math.max(w, 0), height: rowH - 8, class: cls });
        rect.append(svg("title", {}, `${name}: ${num.format(counts[key])}`));
        chart.append(rect);
        left += w;
      }
      chart.append(svg("text", { x: labelW + barW + 6, y: y + 15, class: "rate" }, goodRate(counts)));
    });
    box.replaceChildren(chart);
    if (report.groups.length > MAX_BARS) box.append(el("p", { class: "hint" }, fmt(T.more, { n: MAX_BARS })));
  }

  function showReport(answer) {
    const { report, ledger } = answer;
    const p = report.period;
    $("report-heading").textContent = fmt(T.heading, { p: p.label, s: dateText(p.start), e: dateText(p.end) });
    $("report-status").textContent = fmt(T.ledger, {
      r: num.format(ledger.rows_read), a: num.format(ledger.accepted), x: num.format(ledger.rejected),
    });
    $("report-result").hidden = false;  // shown first: the chart takes the width it is given
    lastReport = report;
    drawChart(report);
    drawTable(report);
    const findings = $("report-findings");
    findings.replaceChildren();
    if (report.findings.length) {
      findings.append(el("p", {}, T.findings));
      const list = el("ul");
      for (const f of report.findings) list.append(el("li", {}, String(f)));
      findings.append(list);
    }
    if (ledger.errors.length) {
      findings.append(el("p", {}, T.rejected));
      const list = el("ul", { class: "error" });
      for (const e of ledger.errors.slice(0, 10)) list.append(el("li", {}, `${T.line} ${e.line}: ${e.column}: ${e.reason}`));
      findings.append(list);
    }
  }

  async function onReport(event) {
    event.preventDefault();
    const status = $("report-status");
    const params = new URLSearchParams({ period: $("period").value.trim() });
    if ($("by").value) params.append("by", $("by").value);
    const source = document.querySelector("input[name=source]:checked").value;
    let request;
    if (source === "sample") {
      request = call(`kpi/report/sample?${params}`, {});
    } else {
      const file = $("ledger-file").files[0];
      if (!file) {
        status.textContent = T.needFile;
        return;
      }
      params.append("profile", $("profile").value);
      request = call(`kpi/report?${params}`, {
        method: "POST", headers: { "content-type": "text/csv" }, body: file,
      });
    }
    status.textContent = T.working;
    $("report-result").hidden = true;
    try {
      showReport(await request);
    } catch (error) {
      showError(status, error);
    }
  }

  function start() {
    translate();
    $("due-form").addEventListener("submit", onDue);
    $("report-form").addEventListener("submit", onReport);
    $("unit").addEventListener("change", () => { $("amount").disabled = $("unit").value === "trong ngày"; });
    let pending = 0;
    window.addEventListener("resize", () => {  // redraw the chart at the new width
      clearTimeout(pending);
      pending = setTimeout(() => { if (lastReport) drawChart(lastReport); }, 150);
    });
    $("ledger-file").addEventListener("change", () => {
      document.querySelector("input[name=source][value=file]").checked = true;
    });
  }

  start();
})();
