/** Inline CSS and JavaScript of the HTML report (no external resources). */

export const css = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2026;background:#f6f7f9}
header{background:#1d2633;color:#fff;padding:18px 28px}header h1{margin:0 0 6px;font-size:20px;word-break:break-all}
header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:13px}header dt{opacity:.7}header dd{margin:0;word-break:break-all}
main{padding:18px 28px}section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:14px 18px;margin-bottom:18px}
h2{font-size:16px;margin:0 0 10px}.chart text{font-size:12px;fill:#1d2026}
.controls{display:flex;gap:10px;align-items:center;margin-bottom:10px;flex-wrap:wrap}
.controls input{flex:1;min-width:220px;padding:6px 8px}.controls select{padding:6px}
table{border-collapse:collapse;width:100%;font-size:13px}#findings td:nth-child(4){white-space:nowrap}#findings td:last-child{min-width:260px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #eceef1;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f0f2f5;position:sticky;top:0}th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.sev span{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;font-weight:600;font-size:11px}
tr.suppressed{opacity:.55}tr.suppressed td.sev::after{content:" suppressed";font-size:11px}
.warn{color:#8a5300}.muted{color:#6b7078}
.kev{display:inline-block;padding:0 4px;border-radius:3px;background:#b3123e;color:#fff;font-size:10px;font-weight:700}
#findings td.layer{font-family:ui-monospace,monospace;font-size:12px;max-width:220px}
`;

/** Sorting (click a header; the severity column sorts by rank) and filtering (text, kind, minimum severity). */
export const js = `
(function(){
  var table=document.getElementById("findings");if(!table)return;
  var tbody=table.tBodies[0],rows=Array.prototype.slice.call(tbody.rows);
  var text=document.getElementById("filter-text"),kind=document.getElementById("filter-kind"),sev=document.getElementById("filter-severity"),count=document.getElementById("shown");
  function key(row,i){var c=row.cells[i];var k=c.getAttribute("data-sort");return k!==null?k:c.textContent.trim().toLowerCase();}
  function cmp(a,b){var na=Number(a),nb=Number(b);if(a!==""&&b!==""&&!isNaN(na)&&!isNaN(nb))return na-nb;return a<b?-1:a>b?1:0;}
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,i){
    th.addEventListener("click",function(){
      var asc=th.getAttribute("aria-sort")!=="ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute("aria-sort");});
      th.setAttribute("aria-sort",asc?"ascending":"descending");
      rows.sort(function(a,b){var r=cmp(key(a,i),key(b,i));return asc?r:-r;});
      rows.forEach(function(r){tbody.appendChild(r);});
    });
  });
  function apply(){
    var q=text.value.trim().toLowerCase(),k=kind.value,max=sev.value===""?99:Number(sev.value),n=0;
    rows.forEach(function(r){var ok=(q===""||r.textContent.toLowerCase().indexOf(q)>=0)&&(k===""||r.getAttribute("data-kind")===k)&&Number(r.getAttribute("data-rank"))<=max;r.hidden=!ok;if(ok)n++;});
    count.textContent=String(n);
  }
  text.addEventListener("input",apply);kind.addEventListener("change",apply);sev.addEventListener("change",apply);apply();
})();
`;
