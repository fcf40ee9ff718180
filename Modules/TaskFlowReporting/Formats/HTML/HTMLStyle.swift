/// The report page's style sheet: light by default, dark under `prefers-color-scheme: dark`,
/// and a print style (no backgrounds, sections kept whole where they fit).
enum HTMLStyle {
    static let css = """
        :root{--bg:#fff;--fg:#1d232a;--muted:#5b6570;--line:#d8dde3;--card:#f4f6f8;--pos:#2e8b57;--neg:#c0392b;--neu:#8a96a3;
        --c0:#3b7dd8;--c1:#e08a1e;--c2:#8e5cc9;--c3:#1aa39a;--c4:#d1477a;--c5:#6f8f2f;--c6:#b5651d;--c7:#5a6fa8;--heat:#3b7dd8;--link:#1f5fbf}
        @media (prefers-color-scheme:dark){:root{--bg:#14181c;--fg:#e3e7eb;--muted:#9aa5b1;--line:#2d343b;--card:#1d2329;
        --pos:#4fbf7f;--neg:#e0645a;--neu:#7d8a97;--heat:#6aa5ff;--link:#8fb8ff}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
        main{max-width:980px;margin:0 auto;padding:24px 20px 60px}
        h1{font-size:1.7em;margin:.2em 0 .4em}h2{font-size:1.3em;margin:1.8em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
        h3{font-size:1.1em;margin:1.2em 0 .4em}h4,h5,h6{font-size:1em}
        a{color:var(--link)}code{font:0.9em ui-monospace,SFMono-Regular,Menlo,monospace;background:var(--card);padding:0 .25em;border-radius:3px}
        pre{background:var(--card);padding:10px;overflow:auto}pre code{background:none;padding:0}
        blockquote{margin:.5em 0;padding:.2em 1em;border-left:3px solid var(--line);color:var(--muted)}
        table{border-collapse:collapse;margin:.6em 0 1em;font-size:.92em;max-width:100%}
        th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}
        th{font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        caption{text-align:left;color:var(--muted);font-size:.9em}
        .muted,.note{color:var(--muted);font-size:.9em}.banner{background:var(--card);border-left:4px solid var(--neg);padding:8px 12px}
        .cards{display:flex;flex-wrap:wrap;gap:10px;margin:.8em 0}.card{background:var(--card);border-radius:6px;padding:8px 14px;min-width:130px}
        .card b{display:block;font-size:1.35em}.card span{color:var(--muted);font-size:.85em}
        figure{margin:.6em 0 1em}svg.chart{max-width:100%;height:auto;display:block}
        svg text{fill:var(--fg);font-size:12px}svg text.val{fill:var(--muted)}svg text.cell{font-size:11px}
        .pos{fill:var(--pos)}.neg{fill:var(--neg)}.neu{fill:var(--neu)}.c0{fill:var(--c0)}.c1{fill:var(--c1)}.c2{fill:var(--c2)}
        .c3{fill:var(--c3)}.c4{fill:var(--c4)}.c5{fill:var(--c5)}.c6{fill:var(--c6)}.c7{fill:var(--c7)}.heat{fill:var(--heat)}
        .axis,.grid{stroke:var(--line);stroke-width:1}.grid{stroke-dasharray:4 3}.line{fill:none;stroke:var(--c0);stroke-width:2}.dot{fill:var(--c0)}
        .up{color:var(--pos)}.down{color:var(--neg)}
        ol.examples li,ul.examples li{margin:.25em 0;overflow-wrap:anywhere}
        #overview td:first-child{white-space:nowrap;font-weight:600}
        .cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
        footer{margin-top:3em;color:var(--muted);font-size:.85em}
        @media print{body{background:#fff;color:#000;font-size:11pt}main{max-width:none;padding:0}
        section{break-inside:avoid-page}h2{break-after:avoid}a{color:#000}.card{border:1px solid #ccc;background:none}
        svg text{fill:#000}details::details-content{content-visibility:visible;display:block}}
        """
}
