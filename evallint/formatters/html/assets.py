"""What the page carries inline: its stylesheet and, for a batch, the script that sorts the table.

Nothing is fetched: fonts are the reader's own (a CJK sans-serif list), the
charts are inline SVG coloured from here, and the page's Content-Security-Policy
forbids every load from elsewhere. The three severities have one colour each,
used for the filled cells, the outlines, the markers and the bars alike.
"""

from __future__ import annotations

STYLE = """
*{box-sizing:border-box}
body{margin:0;background:#f3f4f6;color:#1f2937;font:14px/1.5 "Noto Sans CJK SC",
"Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif}
code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:11px}
.page-head{background:#fff;border-bottom:1px solid #e5e7eb;padding:16px 32px}
h1{font-size:20px;margin:0 0 10px;font-weight:700}
.summary{display:flex;flex-wrap:wrap;gap:10px}
.tile{display:inline-flex;align-items:baseline;gap:8px;padding:4px 14px;border-radius:6px;
background:#f9fafb;border:1px solid #e5e7eb}
.tile .label{font-size:13px;color:#4b5563}.tile b{font-size:20px;color:#111827}
.tile.count-error b{color:#c62828}.tile.count-warning b{color:#b45309}
.tile.count-info b{color:#1d4ed8}.tile.zero b{color:#9ca3af}
.tile.rule-errors{color:#c62828;font-weight:600}
main{padding:8px 32px 48px}
.overview,.report{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px 20px;
margin:16px 0;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.report{content-visibility:auto;contain-intrinsic-size:auto 1400px}
.overview h2{font-size:17px;margin:0 0 4px}.hint{color:#6b7280;font-size:12px;margin:0 0 8px}
.overview-table{border-collapse:collapse;width:100%}
.overview-table th,.overview-table td{padding:5px 10px;border-bottom:1px solid #e5e7eb;
text-align:left;font-size:13px}
.overview-table th{background:#f9fafb;cursor:pointer;user-select:none;white-space:nowrap;
border-bottom:2px solid #d1d5db}
.overview-table th:hover{background:#eef2f7}
.overview-table th[aria-sort=ascending]::after{content:" ▲";font-size:10px;color:#6b7280}
.overview-table th[aria-sort=descending]::after{content:" ▼";font-size:10px;color:#6b7280}
.overview-table th.sev-error{color:#b91c1c}.overview-table th.sev-warning{color:#92400e}
.overview-table th.sev-info{color:#1e40af}
.overview-table td.n,.overview-table td.number{text-align:right;width:64px;
font-variant-numeric:tabular-nums}
.overview-table td.sev-error{color:#b91c1c;font-weight:700}
.overview-table td.sev-warning{color:#92400e;font-weight:700}
.overview-table td.sev-info{color:#1e40af;font-weight:700}
.overview-table td.zero{color:#c0c6cf;font-weight:400}
.overview-table td.status{color:#6b7280;font-size:12px}
.overview-table td.project{min-width:12em}
.overview-table tr.unreadable td{background:#fff5f5}
.overview-table tbody tr:hover td{background:#f8fafc}
.overview-table a{color:#1d4ed8;text-decoration:none}
.overview-table a:hover{text-decoration:underline}
.charts{display:flex;gap:40px;flex-wrap:wrap;margin-top:18px;align-items:flex-start}
figure.chart{margin:0}figcaption{font-size:13px;font-weight:600;margin-bottom:4px;color:#374151}
svg text{font-size:12px;fill:#374151}svg text.value{fill:#6b7280}
rect.sev-error{fill:#dc2626}rect.sev-warning{fill:#f59e0b}rect.sev-info{fill:#3b82f6}
.report-head{display:flex;align-items:center;gap:12px;flex-wrap:wrap;
border-bottom:1px solid #e5e7eb;padding-bottom:10px;margin-bottom:14px}
.report-head h2{font-size:16px;margin:0;display:flex;align-items:baseline;gap:10px;flex-wrap:wrap}
.report-no{background:#374151;color:#fff;border-radius:4px;padding:0 8px;font-size:13px}
.report-head .file{font-weight:700}.report-head .project{color:#4b5563;font-weight:400}
.chips{display:flex;gap:6px}
.chip{display:inline-block;padding:0 10px;border-radius:10px;font-size:12px;font-weight:600;
line-height:20px;white-space:nowrap}
.chip.sev-error{background:#fdd;color:#b91c1c}.chip.sev-warning{background:#ffefc4;color:#92400e}
.chip.sev-info{background:#e3f0ff;color:#1e40af}.chip.clean{background:#e7f6ec;color:#166534}
.back{margin-left:auto;font-size:12px;color:#1d4ed8;text-decoration:none}
pre.error{white-space:pre-wrap;background:#fff5f5;border:1px solid #fecaca;border-radius:4px;
padding:10px;font-size:12px;color:#7f1d1d;margin:0}
.form{display:flex;gap:20px;align-items:flex-start}
.sheet{flex:1 1 auto;min-width:0;border-radius:4px}
.block{margin:0 0 16px;border-radius:3px}
.block h3{font-size:13px;margin:0 0 4px;color:#374151;font-weight:700}
.sheet table{border-collapse:collapse;width:100%}
.sheet td,.sheet th{border:1px solid #c8d0da;padding:4px 8px;vertical-align:top;font-size:13px;
text-align:left}
.sheet th{background:#eef2f6;font-weight:600;color:#334155}
.sheet table.header th{width:88px;white-space:nowrap}
.sheet td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.sheet th.num{white-space:nowrap}
.sheet td.repeat{color:#a0aab6}
.sheet td.void{background:#f6f7f9}
.sheet td.gutter{width:26px;padding:2px;text-align:center;background:#f8fafc}
.sheet td.heading{width:220px}
.sheet td.prose{white-space:pre-wrap;line-height:1.6}
.sheet td.finding-error{background:#fdd;box-shadow:inset 0 0 0 2px #dc2626}
.sheet td.finding-warning{background:#ffefc4;box-shadow:inset 0 0 0 2px #d97706}
.sheet td.finding-info{background:#e3f0ff;box-shadow:inset 0 0 0 2px #3b82f6}
.sheet .blank{color:#9ca3af;font-size:12px}
tr.outline-error{outline:2px solid #dc2626;outline-offset:-2px}
tr.outline-warning{outline:2px solid #d97706;outline-offset:-2px}
tr.outline-info{outline:2px solid #3b82f6;outline-offset:-2px}
.block.outline-error,.sheet.outline-error{outline:2px solid #dc2626;outline-offset:4px}
.block.outline-warning,.sheet.outline-warning{outline:2px solid #d97706;outline-offset:4px}
.block.outline-info,.sheet.outline-info{outline:2px solid #3b82f6;outline-offset:4px}
.form-marks{margin:0 0 10px;font-size:12px;color:#4b5563}
sup.marks{display:inline-flex;gap:2px;margin-left:4px;vertical-align:top;line-height:1}
a.mark,a.num{display:inline-block;color:#fff;text-decoration:none;font-weight:700;text-align:center}
a.mark{min-width:16px;height:16px;padding:0 4px;border-radius:8px;font-size:10px;line-height:16px}
a.sev-error{background:#dc2626}a.sev-warning{background:#d97706}a.sev-info{background:#3b82f6}
aside.findings{flex:0 0 400px;position:sticky;top:12px;max-height:calc(100vh - 24px);overflow:auto;
background:#f9fafb;border:1px solid #e5e7eb;border-radius:6px;padding:10px 12px}
aside.findings h3{font-size:14px;margin:0 0 6px}
aside.findings h3 .count{display:inline-block;background:#374151;color:#fff;border-radius:9px;
padding:0 7px;font-size:12px;line-height:18px;margin-left:4px}
aside .clean{color:#166534;margin:4px 0}
.part-findings h4{font-size:12px;color:#6b7280;margin:10px 0 4px;font-weight:600;
border-bottom:1px solid #e5e7eb;padding-bottom:2px}
ol.finding-list{list-style:none;margin:0;padding:0}
li.finding{display:flex;gap:8px;padding:7px 8px;margin:6px 0;background:#fff;
border:1px solid #e5e7eb;border-left:4px solid #9ca3af;border-radius:4px;scroll-margin-top:16px}
li.finding.sev-error{border-left-color:#dc2626}li.finding.sev-warning{border-left-color:#d97706}
li.finding.sev-info{border-left-color:#3b82f6}
a.num{flex:none;width:22px;height:22px;border-radius:11px;line-height:22px;font-size:12px}
li.finding .body{min-width:0}
li.finding p{margin:0}
.where{font-size:12px;color:#4b5563}.where a{color:inherit;text-decoration:none}
.where a:hover{text-decoration:underline}
.where .sev{font-weight:700;margin-right:6px}
li.sev-error .sev{color:#b91c1c}li.sev-warning .sev{color:#92400e}li.sev-info .sev{color:#1e40af}
.scope{margin-left:6px;padding:0 6px;border-radius:8px;background:#eef2f6;font-size:11px;
color:#475569}
.msg{font-size:13px;color:#111827;margin:2px 0 !important}
.expected{font-size:12px;color:#374151}
.refs{font-size:11px;color:#6b7280;display:flex;flex-wrap:wrap;gap:4px 8px;
margin-top:2px !important}
.cellref{background:#eef2f6;border-radius:3px;padding:0 4px;color:#334155}
code.rule{color:#6b7280;margin-left:auto}
:target{scroll-margin-top:16px}
.sheet :target,li.finding:target{animation:flash 1.6s ease-out 1}
@keyframes flash{0%{outline:3px solid #facc15;outline-offset:1px}100%{outline-color:transparent}}
@media (max-width:1100px){.form{flex-direction:column}
aside.findings{position:static;max-height:none;width:100%;flex-basis:auto}}
@media print{body{background:#fff}aside.findings{position:static;max-height:none}
.back{display:none}.report{break-before:page;box-shadow:none}}
"""
"""The page's stylesheet (colours of the severities: error #dc2626 on #fdd, warning #d97706
on #ffefc4, info #3b82f6 on #e3f0ff)."""

SCRIPT = """
(function(){
function key(row,i,num){var c=row.cells[i],v=c.getAttribute('data-value');
if(v===null)v=c.textContent.trim();return num?Number(v):v;}
document.querySelectorAll('table.sortable th[data-sort]').forEach(function(th){
th.tabIndex=0;
function sort(){var table=th.closest('table'),body=table.tBodies[0],i=th.cellIndex,
num=th.getAttribute('data-sort')==='number',now=th.getAttribute('aria-sort'),
dir=now==='descending'?1:now==='ascending'?-1:num?-1:1;
table.querySelectorAll('th[aria-sort]').forEach(function(h){h.removeAttribute('aria-sort');});
th.setAttribute('aria-sort',dir>0?'ascending':'descending');
var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(a,b){var x=key(a,i,num),y=key(b,i,num),
d=num?x-y:x.localeCompare(y,'zh-Hans-CN',{numeric:true});
return d*dir||a.getAttribute('data-order')-b.getAttribute('data-order');});
rows.forEach(function(r){body.appendChild(r);});}
th.addEventListener('click',sort);
th.addEventListener('keydown',function(e){
if(e.key==='Enter'||e.key===' '){e.preventDefault();sort();}});
});
})();
"""
"""Sorts a ``table.sortable`` by the column whose head is clicked: numbers (``data-value``)
largest first, text in Chinese order, again to reverse; ties keep the input order."""

SECURITY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"
)
"""The page's Content-Security-Policy: nothing is loaded from anywhere."""
