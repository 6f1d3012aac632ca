// Демо-кабинет: вход по сертификату, проверка, подпись и отправка отчёта
// через window.podpis (расширение Podpis). Никакого внешнего кода.
const $ = (id) => document.getElementById(id);
const state = { session: null, file: null, check: null };

const KINDS_OF_SEVERITY = { error: "Ошибка", warning: "Предупреждение", info: "Сведения" };
/** Severity in lower case (the validator writes "Error", "Warning", "Info"). */
const severityOf = (f) => String(f.severity ?? "").toLowerCase();
const fmtTime = (unix) => new Date(unix * 1000).toLocaleString("ru-RU");
const fmtDate = (unix) => new Date(unix * 1000).toLocaleDateString("ru-RU");
const fmtSize = (n) => (n < 1024 ? `${n} байт` : n < 1048576 ? `${(n / 1024).toFixed(1)} КБ` : `${(n / 1048576).toFixed(1)} МБ`);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

async function api(path, options = {}) {
  const r = await fetch(path, { credentials: "same-origin", ...options });
  const body = r.status === 204 ? null : await r.json().catch(() => null);
  if (!r.ok) throw Object.assign(new Error(body?.message ?? `HTTP ${r.status}`), { code: body?.code ?? `HTTP_${r.status}` });
  return body;
}
const postJson = (path, data) => api(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(data) });

/** The text of an error from the extension (PodpisError) or the server. */
const describe = (e) => (e?.code ? `${e.message} (${e.code})` : String(e?.message ?? e));

function podpisApi() {
  if (!window.podpis) throw Object.assign(new Error("Расширение Podpis не установлено или выключено. Установите его и обновите страницу."), { code: "EXTENSION_UNAVAILABLE" });
  return window.podpis;
}

async function showExtensionStatus() {
  const box = $("ext-status");
  try {
    const s = await podpisApi().status();
    box.dataset.state = "ok";
    box.textContent = `Podpis ${s.extensionVersion} · программа ${s.hostVersion} · токенов: ${s.tokensConnected}`;
  } catch (e) {
    box.dataset.state = "error";
    box.textContent = describe(e);
  }
}

// ---- вход ----

async function login() {
  const err = $("login-error");
  err.hidden = true;
  $("login").disabled = true;
  try {
    const ch = await postJson("/api/login/challenge", {});
    const token = await podpisApi().authenticate({ challenge: ch.challenge });
    state.session = await postJson("/api/login", { id: ch.id, token });
    await showCabinet();
  } catch (e) {
    err.textContent = describe(e);
    err.hidden = false;
  } finally {
    $("login").disabled = false;
  }
}

async function logout() {
  await postJson("/api/logout", {}).catch(() => {});
  state.session = null;
  showLogin();
}

function showLogin() {
  $("cabinet-view").hidden = true;
  $("login-view").hidden = false;
}

function fact(dl, name, value) {
  if (!value) return;
  dl.append(el("dt", {}, name), el("dd", {}, value));
}

async function showCabinet() {
  const p = state.session.person, s = p.subject;
  $("login-view").hidden = true;
  $("cabinet-view").hidden = false;
  $("who-name").textContent = p.name;
  $("who-role").textContent = [s.title, s.organization].filter(Boolean).join(", ") || p.kind;
  const dl = $("who-facts");
  dl.replaceChildren();
  fact(dl, "Тип", p.kind);
  fact(dl, "Организация", s.organization);
  fact(dl, "ИНН организации", s.innLe);
  fact(dl, "ИНН", s.inn);
  fact(dl, "ОГРН", s.ogrn);
  fact(dl, "ОГРНИП", s.ogrnip);
  fact(dl, "СНИЛС", s.snils);
  fact(dl, "Сертификат выдан", p.issuer);
  fact(dl, "Действует", `с ${fmtDate(p.notBefore)} по ${fmtDate(p.notAfter)}`);
  fact(dl, "Серийный номер", p.serialNumber);
  fact(dl, "Алгоритм входа", state.session.algorithm);
  dl.id = "who-facts";
  await loadReports();
}

// ---- отчёт: проверка, просмотр ----

async function pickFile() {
  const file = $("file").files[0];
  state.file = file ?? null;
  state.check = null;
  $("send-result").hidden = true;
  if (!file) return;
  $("file-info").hidden = false;
  $("file-info").textContent = `${file.name} · ${fmtSize(file.size)}`;
  $("sign-send").disabled = true;
  await checkFile(file);
  $("sign-send").disabled = false;
}

/** Findings shown in the table; the rest are counted. */
const FINDINGS_SHOWN = 200;

function findingsTable(findings) {
  const table = $("findings"), body = table.querySelector("tbody");
  body.replaceChildren();
  for (const f of findings.slice(0, FINDINGS_SHOWN)) {
    const where = [f.path, f.line ? `строка ${f.line}` : null].filter(Boolean).join(", ");
    const sev = severityOf(f);
    body.append(el("tr", { "data-severity": sev },
      el("td", { class: `sev-${sev}` }, KINDS_OF_SEVERITY[sev] ?? f.severity),
      el("td", {}, where),
      el("td", {}, f.message, f.fns_code || f.code ? el("div", { class: "small" }, [f.fns_code, f.code].filter(Boolean).join(" · ")) : null)));
  }
  if (findings.length > FINDINGS_SHOWN) {
    body.append(el("tr", {}, el("td", { colSpan: 3, class: "muted" }, `…и ещё ${findings.length - FINDINGS_SHOWN}; все замечания — в отчёте ниже.`)));
  }
  table.hidden = findings.length === 0;
}

async function checkFile(file) {
  const status = $("check-status");
  $("check").hidden = false;
  $("render-box").hidden = true;
  $("findings").hidden = true;
  status.dataset.state = "checking";
  status.textContent = "Проверяем отчёт…";
  try {
    const report = await podpisApi().checkReport(file);
    const findings = report?.findings ?? [];
    const errors = findings.filter((f) => severityOf(f) === "error").length;
    const warnings = findings.filter((f) => severityOf(f) === "warning").length;
    state.check = { status: "checked", form: report?.form ?? report?.knd ?? null, errors, warnings };
    const form = report?.form ? `Форма: ${report.form}${report.knd ? ` (КНД ${report.knd})` : ""}. ` : "";
    status.dataset.state = errors ? "errors" : "ok";
    status.textContent = errors
      ? `${form}Найдено ошибок: ${errors}, предупреждений: ${warnings}. С ошибками ФНС отчёт не примет.`
      : `${form}Ошибок нет${warnings ? `, предупреждений: ${warnings}` : ""}.${report?.truncated ? " Показаны не все замечания." : ""}`;
    findingsTable(findings);
  } catch (e) {
    state.check = { status: e?.code ?? "ERROR", form: null, errors: 0, warnings: 0 };
    status.dataset.state = "unavailable";
    status.textContent = e?.code === "NOT_AVAILABLE"
      ? `Проверка недоступна: ${e.message} Отчёт можно подписать и отправить, но он не проверен.`
      : e?.code === "FORM_UNKNOWN"
        ? `Форма отчёта не распознана: ${e.message} Добавьте формы в настройках Podpis («Формы отчётности»).`
        : `Проверка не выполнена: ${describe(e)}`;
    return;
  }
  const box = $("render-box"), target = $("render");
  target.replaceChildren();
  box.hidden = false;
  try {
    await podpisApi().renderReport(file, target);
  } catch (e) {
    target.replaceChildren(el("p", { class: "muted" }, e?.code === "NOT_AVAILABLE" ? `Просмотр недоступен: ${e.message}` : `Не удалось показать отчёт: ${describe(e)}`));
  }
}

// ---- подпись и отправка ----

function base64Of(blob) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ""));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });
}

async function signFile(file) {
  const podpis = podpisApi();
  const base = { format: "cms-detached", documentName: file.name, certificate: state.session.person.thumbprint };
  try {
    return await podpis.sign({ ...base, file });
  } catch (e) {
    // Older extensions cannot compute Streebog over a file: the cabinet
    // computes the digest (the preview then shows the digest and name).
    if (e?.code !== "UNSUPPORTED_ALGORITHM" || !state.session.algorithm.startsWith("gost")) throw e;
    const alg = state.session.algorithm === "gost2012-512" ? "streebog512" : "streebog256";
    const d = await api(`/api/digest?alg=${alg}`, { method: "POST", body: file });
    return podpis.sign({ ...base, digest: d.digest, digestAlgorithm: d.digestAlgorithm });
  }
}

async function signAndSend() {
  const file = state.file, out = $("send-result");
  if (!file) return;
  $("sign-send").disabled = true;
  out.hidden = false;
  out.removeAttribute("data-ok");
  out.textContent = "Подпишите отчёт в окне Podpis…";
  try {
    const sig = await signFile(file);
    out.textContent = "Отправляем…";
    const rec = await postJson("/api/reports", { fileName: file.name, report: await base64Of(file), signature: sig.signature, browserCheck: state.check });
    out.dataset.ok = String(rec.verdict.ok);
    out.textContent = `Отчёт № ${rec.id} отправлен. Проверка подписи на сервере: ${rec.verdict.message}`;
    await loadReports();
  } catch (e) {
    out.dataset.ok = "false";
    out.textContent = `Отчёт не отправлен: ${describe(e)}`;
  } finally {
    $("sign-send").disabled = false;
  }
}

// ---- отправленные отчёты ----

function formCell(r) {
  const f = r.form, parts = [];
  if (f.knd) parts.push(`КНД ${f.knd}`);
  if (f.version) parts.push(`версия ${f.version}`);
  const check = r.browserCheck;
  const checked = !check ? null : check.status === "checked"
    ? `проверен: ошибок ${check.errors}, предупреждений ${check.warnings}` : "не проверен в браузере";
  return el("td", {}, parts.join(", ") || "—", checked ? el("div", { class: "small" }, checked) : null);
}

async function loadReports() {
  const list = await api("/api/reports");
  const table = $("reports"), body = table.querySelector("tbody");
  body.replaceChildren();
  for (const r of list) {
    const v = r.verdict, signer = v.signer;
    body.append(el("tr", { "data-id": String(r.id) },
      el("td", {}, String(r.id)),
      el("td", { class: "file" }, r.fileName, el("div", { class: "small" }, fmtSize(r.size))),
      formCell(r),
      el("td", {}, signer ? signer.name : "—", signer ? el("div", { class: "small" }, [signer.subject.organization, signer.issuer && `УЦ: ${signer.issuer}`].filter(Boolean).join(" · ")) : null),
      el("td", {}, fmtTime(r.uploadedAt)),
      el("td", { class: "verdict", "data-ok": String(v.ok), "data-code": v.code },
        el("span", { class: `badge ${v.ok ? "ok" : "bad"}` }, v.ok ? "Подпись верна" : "Подпись неверна"),
        el("div", { class: "small" }, v.ok ? `${v.cadesBes ? "CAdES-BES" : "CMS"}, ${v.digestAlgorithm}${v.signingTime ? `, подписан ${fmtTime(v.signingTime)}` : ""}` : v.message)),
      el("td", {}, el("a", { href: `/reports/${r.id}/report` }, "отчёт"), el("a", { href: `/reports/${r.id}/signature` }, "подпись .sig"))));
  }
  table.hidden = list.length === 0;
  $("reports-empty").hidden = list.length > 0;
}

// ---- старт ----

async function start() {
  $("login").addEventListener("click", login);
  $("logout").addEventListener("click", logout);
  $("file").addEventListener("change", pickFile);
  $("sign-send").addEventListener("click", signAndSend);
  const info = api("/api/info").then((i) => { $("roots").textContent = i.trustedRoots.join(", ") || "—"; }).catch(() => {});
  const extension = showExtensionStatus();
  try {
    state.session = await api("/api/me");
    await showCabinet();
  } catch {
    showLogin();
  }
  await Promise.all([extension, info]);
  document.body.dataset.ready = "true";
}

start();
