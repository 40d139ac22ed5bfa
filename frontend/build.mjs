// Build unbranded static assets from govuk-frontend into ../lms/static.
// Usage: npm run build
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const staticDir = join(here, "..", "lms", "static");
const cssOut = join(staticDir, "css", "app.css");
const jsOut = join(staticDir, "js", "govuk-frontend.min.js");

// 1. CSS
const result = sass.compile(join(here, "src", "app.scss"), {
  loadPaths: [join(here, "node_modules"), join(here, "src")],
  style: "compressed",
  sourceMap: false,
  quietDeps: true,
});
const css = result.css;
if (/GDS Transport/.test(css)) throw new Error("app.css contains GDS Transport");
if (/url\(/.test(css)) throw new Error("app.css contains url(...) references");
mkdirSync(dirname(cssOut), { recursive: true });
writeFileSync(cssOut, css + "\n");

// 2. JS (ES module); drop the sourceMappingURL comment since the map is not shipped.
const jsSrc = join(here, "node_modules", "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js");
const js = readFileSync(jsSrc, "utf8").replace(/\/\/# sourceMappingURL=\S+\s*$/, "");
mkdirSync(dirname(jsOut), { recursive: true });
writeFileSync(jsOut, js.trimEnd() + "\n");

console.log(`wrote ${cssOut} (${css.length} bytes)`);
console.log(`wrote ${jsOut} (${js.length} bytes)`);
