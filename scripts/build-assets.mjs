// Build the front end: NHS.UK frontend Sass compiled with no external fonts and our asset
// path, plus the NHS.UK JavaScript and assets copied under static/vendor. Nothing is fetched
// from another host at run time.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");
const vendor = join(root, "static", "vendor");

mkdirSync(join(vendor, "nhsuk"), { recursive: true });
cpSync(join(nhsuk, "assets"), join(vendor, "nhsuk", "assets"), { recursive: true });
cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(vendor, "nhsuk", "nhsuk-frontend.min.js"));
mkdirSync(join(vendor, "axe-core"), { recursive: true });
cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(vendor, "axe-core", "axe.min.js"));

const result = sass.compile(join(root, "static", "scss", "site.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
mkdirSync(join(root, "static", "css"), { recursive: true });
const { writeFileSync } = await import("node:fs");
writeFileSync(join(root, "static", "css", "site.css"), result.css);
console.log(`built static/css/site.css (${Math.round(result.css.length / 1024)} KB) and static/vendor/`);
