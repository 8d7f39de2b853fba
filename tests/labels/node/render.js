// Renders ZPL offline to PNG files, for tests/labels (no printer, no online service).
// Usage: node render.js IN.zpl OUT_PREFIX WIDTH_MM HEIGHT_MM DPMM
// Writes OUT_PREFIX-0.png, OUT_PREFIX-1.png ... (one per ^XA...^XZ) and prints their count.
// One call renders every label of the file: the WASM start-up (1-2 s) is paid once.
"use strict";
const fs = require("node:fs");
const { ready } = require("zpl-renderer-js");

async function main(argv) {
  const [input, prefix, widthMm, heightMm, dpmm] = argv;
  if (!input || !prefix) throw new Error("usage: render.js IN.zpl OUT_PREFIX W_MM H_MM DPMM");
  const zpl = fs.readFileSync(input, "utf8");
  const { api } = await ready;
  const pngs = await api.zplToBase64MultipleAsync(zpl, Number(widthMm), Number(heightMm), Number(dpmm));
  pngs.forEach((b64, i) => fs.writeFileSync(`${prefix}-${i}.png`, Buffer.from(b64, "base64")));
  process.stdout.write(`${pngs.length}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err) => { process.stderr.write(`${err && err.stack || err}\n`); process.exit(1); },
);
