// The language setting in a real browser, written once for both drivers:
// Russian by default; English chosen in the options page reaches the
// options page itself, the popup and the errors pages receive; Russian
// again when switched back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { waitUntil } from "./wait.mjs";

/** Chooses `lang` in the options page as the user would; resolves the page's heading. */
async function chooseLanguage(driver, lang) {
  const opts = await driver.extensionPage("options.html");
  await opts.waitFor("#lang");
  await opts.eval((value) => {
    const select = document.getElementById("lang");
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }, lang);
  const want = lang === "en" ? "Podpis settings" : "Настройки Podpis";
  await waitUntil(async () => (await opts.text("h1")) === want, `options page in ${lang}`);
  const title = await opts.text("h1");
  await opts.close();
  return title;
}

/**
 * Registers the language test. `state()` returns {driver, tab} of the
 * enclosing "no host installed" suite (development sites on, no host).
 */
export function languageTest(state) {
  test("language: English chosen in options reaches options, popup and page errors; Russian again after switching back", async () => {
    const { driver, tab } = state();
    const ru = await tab.call("(p) => p.status()").result();
    assert.equal(ru.error?.code, "HOST_NOT_INSTALLED", JSON.stringify(ru));
    assert.equal(ru.error.message, ru.error.messageRu, "Russian by default");

    assert.equal(await chooseLanguage(driver, "en"), "Podpis settings");
    const p = await driver.extensionPage("popup.html");
    await p.waitFor("#host-error");
    const body = await p.text("body");
    assert.match(body, /Podpis extension/);
    assert.match(await p.text("#host-error"), /^Problem: The Podpis host program is not installed/);
    assert.doesNotMatch(body, /[А-Яа-яЁё]/, "no Russian left in the English popup");
    await p.shot("popup-no-host-en");
    await p.close();
    const en = await tab.call("(p) => p.status()").result();
    assert.equal(en.error?.code, "HOST_NOT_INSTALLED");
    assert.equal(en.error.message, en.error.messageEn);
    assert.match(en.error.message, /"podpis-host install" \(it registers/);

    assert.equal(await chooseLanguage(driver, "ru"), "Настройки Podpis");
    const back = await tab.call("(p) => p.status()").result();
    assert.equal(back.error.message, back.error.messageRu);
  });
}
