/**
 * The page's stylesheet, served at `/s/assets/self-service.css` (the CSP allows styles from our origin only). Kept in
 * code so the build ships it; plain, readable, AA contrast (text #1f2933 on white: 14.5:1, links #0b4f9c: 8:1), a
 * visible focus ring for keyboard users.
 */
export const SELF_SERVICE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 100%; line-height: 1.5; color: #1f2933; background: #f5f7fa; }
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto 3rem; padding: 1.5rem; background: #fff; border-radius: 0 0 .5rem .5rem; }
.top { max-width: 60rem; margin: 0 auto; padding: .75rem 1.5rem; display: flex; justify-content: space-between; align-items: center; background: #1f2933; color: #fff; border-radius: .5rem .5rem 0 0; }
.top a { color: #fff; }
.creditor { margin: 0; font-weight: 700; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 2px solid #e4e7eb; padding-bottom: .25rem; }
h3 { font-size: 1.1rem; margin: 0 0 .5rem; }
a { color: #0b4f9c; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f0b429; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 1; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: .5rem .75rem .5rem 0; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
thead th { font-size: .875rem; color: #3e4c59; }
.num { text-align: right; white-space: nowrap; }
.total { font-weight: 700; text-align: right; }
.forms { display: grid; grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr)); gap: 1rem; }
.answer { border: 1px solid #cbd2d9; border-radius: .5rem; padding: 1rem; }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
.hint { font-weight: 400; font-size: .875rem; color: #3e4c59; }
input, select, textarea { width: 100%; font: inherit; color: inherit; padding: .5rem; border: 1px solid #616e7c; border-radius: .25rem; background: #fff; }
[aria-invalid="true"] { border: 2px solid #a61b1b; }
button { margin-top: 1rem; font: inherit; font-weight: 600; padding: .6rem 1rem; color: #fff; background: #0b4f9c; border: 0; border-radius: .25rem; cursor: pointer; }
button:hover { background: #073a73; }
.notice { padding: .75rem 1rem; border-radius: .25rem; margin: .75rem 0; }
.notice p { margin: .25rem 0; }
.done { background: #e3f9e5; border-left: 4px solid #207227; }
.refused { background: #ffeeee; border-left: 4px solid #a61b1b; }
.contact { margin-top: 2rem; color: #3e4c59; }
@media (max-width: 40rem) { main { padding: 1rem; } .top { padding: .75rem 1rem; } }
`;
