// The playground in a real browser: headless Chromium (Debian's, driven by playwright-core)
// opens /, the editor renders, a query for a company's German summary runs, and the answer
// shows. Every request must go to this server (the page works without internet), and the
// page must log no error. The screenshot is kept in $DEALGRAPH_ARTIFACTS.
import { mkdirSync } from "node:fs";
import { chromium } from "playwright-core";
import { check, server } from "./documents";

const artifacts = process.env.DEALGRAPH_ARTIFACTS ?? "artifacts";
mkdirSync(artifacts, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const problems: string[] = [];
const elsewhere: string[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  // Anything not asked of this server is refused, as it would be without internet.
  const origin = new URL(server).origin;
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:") || url.startsWith("blob:")) {
      return route.continue();
    }
    elsewhere.push(url);
    return route.abort();
  });
  await page.goto(`${server}/`, { waitUntil: "load" });
  await page.waitForSelector(".graphiql-query-editor .CodeMirror", { timeout: 30_000 });
  const query = '{ company(slug: "alibaba-group") { name summary(locale: "de") } }';
  await page.evaluate((text) => {
    const editor = document.querySelector(".graphiql-query-editor .CodeMirror") as unknown as {
      CodeMirror: { setValue(value: string): void };
    };
    editor.CodeMirror.setValue(text);
  }, query);
  await page.click(".graphiql-execute-button");
  await page.waitForFunction(
    () => document.querySelector(".graphiql-response")?.textContent?.includes("ist ein chinesischer Konzern"),
    undefined,
    { timeout: 30_000 },
  );
  await page.screenshot({ path: `${artifacts}/playground.png` });
} catch (error) {
  // Say why the page did not work: most often, an asset it wanted from another host.
  throw new Error(
    `${error instanceof Error ? error.message : error}\n` +
      `requests refused to other hosts: ${elsewhere.join(", ") || "none"}\n${problems.join("\n")}`,
  );
} finally {
  await browser.close();
}
check(elsewhere.length === 0, `the page asked other hosts: ${elsewhere.join(", ")}`);
check(problems.length === 0, problems.join("\n"));
console.log(`playground: the editor rendered and ran a query, offline; screenshot in ${artifacts}/playground.png`);
