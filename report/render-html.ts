import type { ChartSpec } from './chart-series';
import { escapeHtml as e, scriptSafeJson } from './html-escape';
import type { ReportData, ReportIteration, ReportRun } from './report-data';

/** The plotting library, read from node_modules at report time and inlined (the page needs no network). */
export interface InlineAssets {
  uplotJs: string;
  uplotCss: string;
}

const num = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '–' : value.toFixed(digits));
const interval = (lower: number | null | undefined, upper: number | null | undefined) =>
  lower == null || upper == null ? '' : ` [${num(lower)}, ${num(upper)}]`;
const duration = (s: number | null) => (s === null ? '–' : s < 90 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

function pairedCell(it: ReportIteration): string {
  const p = it.paired;
  if (!p) return '<td>–</td><td>–</td>';
  const delta = p.delta ? `${num(p.delta.mean)}${interval(p.delta.ci?.[0], p.delta.ci?.[1])}` : '–';
  const pv = p.p_value === null ? '' : ` (p=${num(p.p_value, 4)}, ${e(p.test)})`;
  return `<td>${e(delta)}${pv}</td><td>${e(p.n_tasks)}</td>`;
}

function costCell(it: ReportIteration): string {
  const c = it.paired?.cost;
  if (!c) return '<td>–</td>';
  const parts = [
    c.tokens_per_episode != null ? `${num(c.tokens_per_episode, 1)} tok/ep` : null,
    c.cost_per_episode_usd != null ? `$${num(c.cost_per_episode_usd, 5)}/ep` : null,
    c.latency_ms_p50 != null ? `p50 ${num(c.latency_ms_p50, 0)} ms` : null,
    c.latency_ms_p90 != null ? `p90 ${num(c.latency_ms_p90, 0)} ms` : null,
  ].filter(Boolean);
  return `<td>${e(parts.join(', ') || '–')}</td>`;
}

function iterationTable(run: ReportRun): string {
  const rows = run.iterations.map((it) => `<tr><td>${it.iteration}</td><td>${e(it.phase)}</td>
<td>${num(it.test?.mean)}${e(interval(it.test?.lower, it.test?.upper))}</td><td>${num(it.train?.mean)}</td>
${pairedCell(it)}${costCell(it)}<td>${e(it.episodes.succeeded ?? '–')}/${e(it.episodes.total ?? '–')}</td><td>${duration(it.durationSeconds)}</td></tr>`);
  return `<table class="iterations"><thead><tr><th>iter</th><th>phase</th><th>test ${e(run.metricName)}</th><th>train</th>
<th>paired Δ vs baseline</th><th>tasks</th><th>cost / latency</th><th>episodes ok</th><th>duration</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function variantsTable(it: ReportIteration): string {
  if (it.variants.length === 0) return '<p class="muted">No per-variant metrics recorded.</p>';
  const rows = it.variants.map((v) => `<tr><td>${e(v.split)}</td><td>${e(v.metric)}</td><td>${e(v.variant)}</td><td>${num(v.mean)}</td><td>${v.ciError === null ? '–' : `± ${num(v.ciError)}`}</td><td>${e(v.n ?? '–')}</td></tr>`);
  const routing = it.paired?.policy && 'routing' in it.paired.policy ? `<p>Test policy (${e(it.paired.policy.kind)}): <code>${e(JSON.stringify((it.paired.policy as { routing?: unknown }).routing))}</code></p>` : '';
  return `${routing}<table class="variants"><thead><tr><th>split</th><th>metric</th><th>variant</th><th>mean</th><th>95% CI</th><th>n</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function diffsBlock(it: ReportIteration): string {
  if (it.diffs.length === 0) return it.iteration === 0 ? '' : '<p class="muted">No config change recorded for this iteration.</p>';
  return it.diffs
    .map((d) => {
      const lines = d.lines.map((l) => `<span class="d${l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx'}">${e(l.op + ' ' + l.text)}</span>`).join('\n');
      return `<details class="diff" open><summary>${e(d.status)}: <code>${e(d.file)}</code></summary><pre>${lines}</pre></details>`;
    })
    .join('');
}

function transcriptBlock(it: ReportIteration): string {
  if (it.transcript.length === 0) return '';
  const items = it.transcript.map((t) => `<li class="t-${t.kind}"><div class="t-head">${e(t.title)}${t.at ? ` <span class="muted">${e(t.at)}</span>` : ''}</div><pre>${e(t.text)}</pre></li>`);
  return `<details class="transcript"><summary>Autopilot session transcript (${it.transcript.length} entries)</summary><ol>${items.join('')}</ol></details>`;
}

function runSection(run: ReportRun): string {
  const workflow = run.workflowId
    ? `<a href="${e(run.workflowUrl)}">${e(run.workflowId)}</a>`
    : '<span class="muted">not recorded</span>';
  const iterations = run.iterations
    .map((it) => `<section class="iteration"><h3>${e(run.label)} · iteration ${it.iteration} (${e(it.phase)})</h3>${variantsTable(it)}${diffsBlock(it)}${transcriptBlock(it)}</section>`)
    .join('');
  return `<section class="run"><h2>Run ${e(run.label)} — ${e(run.environment)}</h2>
<dl class="facts"><dt>status</dt><dd>${e(run.status)}</dd><dt>seed</dt><dd>${e(run.seed ?? 'none')}</dd>
<dt>run id</dt><dd>${e(run.runId)}</dd><dt>workflow</dt><dd>${workflow}</dd>
<dt>models</dt><dd>${e(run.models.join(', '))}</dd><dt>started</dt><dd>${e(run.startedAt ?? '–')}</dd><dt>finished</dt><dd>${e(run.finishedAt ?? '–')}</dd>
<dt>resumes after worker loss</dt><dd>${run.resumes}</dd><dt>work dir</dt><dd><code>${e(run.dir)}</code></dd></dl>
${iterationTable(run)}
<details><summary>Config</summary><pre>${e(JSON.stringify(run.config, null, 2))}</pre></details>
${iterations}</section>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.muted{color:#888}pre{background:#f8f8f8;padding:6px;overflow:auto;max-height:30em;white-space:pre-wrap}
.dadd{background:#e6ffe6;display:block}.ddel{background:#ffe6e6;display:block}.dctx{display:block;color:#555}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}
.transcript li{margin-bottom:.5em}.t-head{font-weight:600}.t-rejection .t-head{color:#b00}.t-recovery .t-head{color:#a60}.t-question .t-head,.t-answer .t-head{color:#06c}
.chart{margin:1em 0}`;

/** Draws each chart with uPlot; `window.reportCharts[id]` keeps the plot and its data for anyone (or any test) to read. */
const DRAW = `(function(){
var specs=JSON.parse(document.getElementById('chart-data').textContent);
window.reportCharts={};
specs.forEach(function(spec){
  var el=document.getElementById(spec.id);
  var series=[{label:'iteration'}].concat(spec.series.map(function(s){
    return {label:s.label,stroke:s.color,width:s.bound?1:2,dash:s.dash?[6,4]:undefined,spanGaps:true,points:{show:!s.bound,size:7},show:true};
  }));
  var data=[spec.x].concat(spec.series.map(function(s){return s.values;}));
  var plot=new uPlot({title:spec.title,width:Math.min(1100,window.innerWidth-40),height:320,
    scales:{x:{time:false}},axes:[{label:'iteration',incrs:[1]},{label:spec.yLabel}],series:series},data,el);
  window.reportCharts[spec.id]={plot:plot,spec:spec};
});
})();`;

/** The whole page: one file, scripts and styles inlined, every artifact-derived string escaped. */
export function renderReportHtml(data: ReportData, charts: ChartSpec[], assets: InlineAssets): string {
  const pooled = data.pooled
    ? `<table><thead><tr><th>iter</th><th>seeds</th><th>mean baseline</th><th>mean policy</th><th>mean Δ [95% CI over seeds]</th><th>verdict</th></tr></thead><tbody>${data.pooled
        .map((p) => `<tr><td>${p.iteration}</td><td>${p.seeds}</td><td>${num(p.baselineMean)}</td><td>${num(p.policyMean)}</td><td>${p.meanDelta ? `${num(p.meanDelta.estimate)}${interval(p.meanDelta.lower, p.meanDelta.upper)}` : '–'}</td><td>${e(p.verdict ?? '–')}</td></tr>`)
        .join('')}</tbody></table>`
    : data.pooledNote
      ? `<p class="muted">${e(data.pooledNote)}</p>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${e(data.title)}</title><style>${assets.uplotCss}</style><style>${STYLE}</style></head>
<body><h1>${e(data.title)}</h1><p class="muted">Generated ${e(data.generatedAt)} · ${data.runs.length} run(s)</p>
${charts.map((c) => `<div class="chart" id="${e(c.id)}"></div>`).join('')}
${pooled}
${data.runs.map(runSection).join('')}
<script type="application/json" id="chart-data">${scriptSafeJson(charts)}</script>
<script>${assets.uplotJs.replace(/<\/script/gi, '<\\/script')}</script>
<script>${DRAW}</script>
</body></html>
`;
}
