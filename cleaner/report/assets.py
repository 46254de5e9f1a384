"""The report's only style sheet and script, inlined in every file (no external assets)."""

CSS = """
*{box-sizing:border-box}
body{font:14px/1.5 system-ui,"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;margin:0;color:#212529;background:#fff}
header.top{background:#343a40;color:#fff;padding:.6em 1em}
header.top a{color:#a5d8ff}
main{padding:0 1em 2em}
h1{font-size:1.3em;margin:.2em 0}
h2{font-size:1.1em;margin:1em 0 .4em}
table{border-collapse:collapse}
td,th{border:1px solid #dee2e6;padding:.2em .5em;vertical-align:top;text-align:left}
th{background:#f1f3f5}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:1.1em;height:1.1em;border:1px solid #868e96;vertical-align:middle;margin-right:.3em}
.chip{display:inline-block;border-radius:3px;padding:0 .35em;font-size:12px;border:1px solid #adb5bd;white-space:nowrap}
.note{color:#495057;font-size:12px}
.muted{color:#868e96}
.intro{max-width:70em}
.warn{background:#fff3bf;border:1px solid #f08c00;padding:.5em 1em}
del{text-decoration:line-through;text-decoration-thickness:1px;color:#343a40;border-radius:2px}
.ed{color:#868e96;border:1px dashed #495057;border-radius:3px;font-size:11px;padding:0 .15em;margin:0 1px;cursor:help}
.panes{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1em}
.pane{border:1px solid #ced4da;height:78vh;overflow:auto}
.ln{display:grid;grid-template-columns:3.5em minmax(0,1fr) 17em;border-bottom:1px solid #f1f3f5}
.ln.cut{background:#f8f9fa}
.ln .no{color:#adb5bd;text-align:right;padding-right:.5em;font-size:12px;user-select:none}
.ln .tx{white-space:pre-wrap;overflow-wrap:anywhere}
.ln .why{border-left:1px solid #e9ecef;padding-left:.4em;font-size:12px}
.ln .why .same{opacity:.45}
.blk{content-visibility:auto;contain-intrinsic-size:auto 2400px}
.body p{margin:.3em .6em;white-space:pre-wrap;overflow-wrap:anywhere}
.filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:center;margin:.5em 0}
.pager{margin:.5em 0}
.pager button{margin-right:.3em}
#rows td.id{min-width:18em;max-width:40em;overflow-wrap:anywhere}
"""

# Index page: loads the row chunks (report/index/cNNNNN.js) one after another with
# <script> tags (works from file://), renders one screen of rows at a time.
INDEX_JS = r"""
(function(){
"use strict";
var R=JSON.parse(document.getElementById("report-data").textContent);
var rows=[],loaded=0,view=[],page=0,PER=100;
var $=function(id){return document.getElementById(id)};
var NF=new Intl.NumberFormat("en");
window.REPORT_CHUNK=function(k,data){for(var i=0;i<data.length;i++)rows.push(data[i]);loaded++;
  if(loaded<R.chunks){setTimeout(function(){load(loaded)},0)}else{totals()}
  if(loaded===1||loaded===R.chunks||loaded%5===0){apply(false)}else{status()}};
function load(k){var s=document.createElement("script");s.src=R.chunk_dir+"/c"+String(k).padStart(5,"0")+".js";
  s.onerror=function(){$("status").textContent="could not load "+s.src};document.head.appendChild(s)}
function totals(){var t=R.reasons.map(function(){return 0});
  rows.forEach(function(r){for(var i=0;i<t.length;i++)t[i]+=r[3][i]});
  R.reasons.forEach(function(x,i){var c=$("tot-"+x);if(c)c.textContent=NF.format(t[i])});
  var done=$("loaded");if(done)done.textContent="all "+NF.format(rows.length)+" pages loaded"}
function match(r){var f=$("f-reason").value,s=$("f-site").value.trim(),g=$("f-flag").value,q=$("f-id").value.trim();
  if(f){if(f==="_none"){if(r[3].some(function(c){return c>0}))return false}else if(!r[3][R.reasons.indexOf(f)])return false}
  if(s&&r[2].indexOf(s)<0)return false;
  if(g){if(g==="_none"){if(r[5].length)return false}else if(r[5].indexOf(g)<0)return false}
  if(q&&r[1].indexOf(q)<0)return false;return true}
function apply(reset){if(reset)page=0;view=rows.filter(match);var o=$("f-sort").value;
  if(o==="cut")view.sort(function(a,b){return b[7]-a[7]||a[0]-b[0]});
  else if(o==="f1")view.sort(function(a,b){return (a[8]===null?2:a[8])-(b[8]===null?2:b[8])||a[0]-b[0]});
  else if(o==="reason"){var k=R.reasons.indexOf($("f-reason").value);
    if(k>=0)view.sort(function(a,b){return b[3][k]-a[3][k]||a[0]-b[0]})}
  draw()}
function cell(tag,text,cls){var c=document.createElement(tag);c.textContent=text;if(cls)c.className=cls;return c}
function draw(){var pages=Math.max(1,Math.ceil(view.length/PER));if(page>=pages)page=pages-1;
  var tb=$("rows");tb.textContent="";var frag=document.createDocumentFragment();
  view.slice(page*PER,page*PER+PER).forEach(function(r){var tr=document.createElement("tr");
    tr.appendChild(cell("td",r[0]+1,"num"));var td=document.createElement("td");td.className="id";
    var a=document.createElement("a");a.href=R.page_dir+"/"+String(Math.floor(r[0]/1000)).padStart(3,"0")+"/"+String(r[0]).padStart(6,"0")+".html";
    a.textContent=r[1];td.appendChild(a);tr.appendChild(td);tr.appendChild(cell("td",r[2]));
    R.reasons.forEach(function(x,i){var c=cell("td",r[3][i]||"","num");if(r[3][i])c.style.background=R.colours[x];tr.appendChild(c)});
    tr.appendChild(cell("td",r[4]||"","num"));tr.appendChild(cell("td",r[5].join(" ")));
    tr.appendChild(cell("td",NF.format(r[6]),"num"));tr.appendChild(cell("td",NF.format(r[7]),"num"));
    if(R.gold)tr.appendChild(cell("td",r[8]===null?"-":r[8].toFixed(3),"num"));frag.appendChild(tr)});
  tb.appendChild(frag);status()}
function status(){var pages=Math.max(1,Math.ceil(view.length/PER));
  $("status").textContent=(view.length?("pages "+NF.format(page*PER+1)+"-"+NF.format(Math.min(view.length,page*PER+PER))+" of "):"")+
    NF.format(view.length)+" matching"+(loaded<R.chunks?" (loading: "+NF.format(rows.length)+" of "+NF.format(R.pages_listed)+")":"");
  $("pg").textContent="screen "+(page+1)+" of "+pages;$("prev").disabled=page<=0;$("next").disabled=page>=pages-1}
["f-reason","f-flag","f-sort"].forEach(function(id){$(id).addEventListener("change",function(){apply(true)})});
["f-site","f-id"].forEach(function(id){$(id).addEventListener("input",function(){apply(true)})});
$("prev").addEventListener("click",function(){page--;draw()});$("next").addEventListener("click",function(){page++;draw()});
if(R.chunks){load(0)}else{totals();apply(true)}
})();
"""
