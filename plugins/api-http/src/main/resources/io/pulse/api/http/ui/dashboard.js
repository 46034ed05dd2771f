// Pulse dashboard: plain JS against the HTTP API of the server that serves this page (relative URLs, so it also
// works behind a reverse proxy under a path prefix). Every API call carries the token in the X-AUTH-TOKEN header;
// EventSource cannot send headers, so /live gets it as the X-AUTH-TOKEN query parameter. Text from the server is
// only ever set as textContent, never parsed as HTML.
'use strict';

const TOKEN_KEY = 'pulse.token';
const LIVE_WINDOW_MS = 5 * 60 * 1000; // the live chart shows the last five minutes
const $ = (id) => document.getElementById(id);

const state = {
  token: localStorage.getItem(TOKEN_KEY),
  stat: null,
  tagKey: '',
  tagValue: '',
  charts: {},          // chart element id -> uPlot instance
  live: null,          // the EventSource
  liveSeries: new Map(), // series label -> [[time ms, value], ...]
  timers: [],
};

class Unauthorized extends Error {}

/** GET path; resolves to {status, body} for 2xx and the 503 of /health, throws otherwise (Unauthorized for 401). */
async function get(path, allowed = []) {
  const res = await fetch(path, { headers: { 'X-AUTH-TOKEN': state.token }, cache: 'no-store' });
  if (res.status === 401) throw new Unauthorized();
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = text; }
  if (!res.ok && !allowed.includes(res.status)) {
    const error = new Error(`GET /${path.split('?')[0]}: ${(body && body.error) || `HTTP ${res.status}`}`);
    error.status = res.status;
    throw error;
  }
  return { status: res.status, body };
}

// ---- token ----------------------------------------------------------------------------------------------------

function askForToken(message) {
  stopLive();
  state.timers.forEach(clearInterval);
  state.timers = [];
  $('dashboard').hidden = true;
  $('change-token').hidden = true;
  $('login').hidden = false;
  $('token-error').hidden = !message;
  $('token-error').textContent = message || '';
  $('token-input').value = '';
  $('token-input').focus();
}

async function submitToken(event) {
  event.preventDefault();
  state.token = $('token-input').value.trim();
  try {
    await get('keys');
  } catch (e) {
    localStorage.removeItem(TOKEN_KEY);
    askForToken(e instanceof Unauthorized
      ? 'The server refused this token (401 Unauthorized). Check the token and try again.'
      : `Cannot reach the server: ${e.message}`);
    return;
  }
  localStorage.setItem(TOKEN_KEY, state.token);
  openDashboard();
}

/** Runs an API task; a refused token asks for a new one, any other failure shows in the error banner. */
async function guarded(task) {
  try {
    await task();
  } catch (e) {
    if (e instanceof Unauthorized) {
      localStorage.removeItem(TOKEN_KEY);
      askForToken('The server refused the stored token (401 Unauthorized). Enter the current one.');
    } else {
      showError(e.message);
    }
  }
}

function showError(message) {
  $('error').hidden = false;
  $('error').textContent = message;
}

function clearError() {
  $('error').hidden = true;
}

// ---- the dashboard --------------------------------------------------------------------------------------------

function openDashboard() {
  $('login').hidden = true;
  $('dashboard').hidden = false;
  $('change-token').hidden = false;
  $('relay-host').textContent = location.hostname || '127.0.0.1';
  guarded(refreshLists);
  state.timers.push(setInterval(() => guarded(refreshLists), 10_000));
  state.timers.push(setInterval(() => guarded(drawHistory), 60_000));
}

async function refreshLists() {
  const [keys, tags, relays, alerts, health] = await Promise.all([
    get('keys'), get('tags'), get('relays'), get('alerts', [404]), get('health', [503])]);
  clearError();
  showHealth(health.body);
  showKeys(keys.body);
  showTagKeys(tags.body);
  showRelays(relays.body);
  showAlerts(alerts);
  if (!state.stat && keys.body.length > 0) {
    selectStat(keys.body.includes('cpu_used') ? 'cpu_used' : keys.body[0]);
  }
}

function showHealth(health) {
  const badge = $('health');
  badge.textContent = health.status === 'UP' ? 'healthy' : 'unhealthy';
  badge.className = `badge ${health.status === 'UP' ? 'up' : 'down'}`;
  badge.title = health.components.map((c) => `${c.kind} ${c.id}: ${c.status} (${c.detail})`).join('\n');
}

function showKeys(keys) {
  $('empty').hidden = keys.length > 0;
  const select = $('stat');
  const list = $('keys');
  select.replaceChildren(...keys.map((k) => new Option(k, k, false, k === state.stat)));
  list.replaceChildren(...keys.map((k) => {
    const button = element('button', k);
    button.type = 'button';
    button.className = k === state.stat ? 'selected' : '';
    button.addEventListener('click', () => selectStat(k));
    return element('li', button);
  }));
  if (keys.length === 0) list.replaceChildren(element('li', element('span', 'none yet')));
}

function showTagKeys(tags) {
  const select = $('tag-key');
  const current = select.value;
  select.replaceChildren(new Option('(all series)', ''), ...tags.map((t) => new Option(t, t)));
  select.value = tags.includes(current) ? current : '';
}

function showRelays(relays) {
  $('relays-empty').hidden = relays.length > 0;
  $('relays').hidden = relays.length === 0;
  $('relays').tBodies[0].replaceChildren(...relays.map((r) => element('tr',
    element('td', r.id), element('td', r.address),
    element('td', r.collectors.map((c) => c.name).join(', ')),
    element('td', r.last_answer ? ago(r.last_answer) : 'never'))));
}

function showAlerts({ status, body }) {
  const box = $('alerts');
  if (status === 404) {
    box.replaceChildren(element('p', body.error || 'No alert backend is active.'));
    box.firstChild.className = 'muted';
  } else if (body.length === 0) {
    const p = element('p', 'No alerts defined. Create one with POST /alerts (see docs/alerts.md).');
    p.className = 'muted';
    box.replaceChildren(p);
  } else {
    const rows = body.map((a) => element('tr', element('td', a.level), element('td', a.metric),
      element('td', Object.entries(a.tags).map(([k, v]) => `${k}=${v}`).join(', ') || 'all series'),
      element('td', `${a.operator} ${a.threshold}`), element('td', a.duration)));
    const table = element('table', element('thead', element('tr', ...['level', 'stat', 'series', 'when', 'over']
      .map((h) => element('th', h)))), element('tbody', ...rows));
    box.replaceChildren(element('div', table));
    box.firstChild.className = 'scroll';
  }
}

function selectStat(stat) {
  state.stat = stat;
  $('stat').value = stat;
  document.querySelectorAll('#keys button').forEach((b) => { b.className = b.textContent === stat ? 'selected' : ''; });
  guarded(drawHistory);
  startLive();
}

function applyFilter(event) {
  event.preventDefault();
  state.tagKey = $('tag-key').value;
  state.tagValue = $('tag-value').value.trim();
  selectStat($('stat').value);
}

/** The query string of the chosen stat's filter (empty, or "&key=value"). */
function filterQuery() {
  return state.tagKey && state.tagValue
    ? `&${encodeURIComponent(state.tagKey)}=${encodeURIComponent(state.tagValue)}` : '';
}

function describeFilter() {
  return state.tagKey && state.tagValue ? ` with ${state.tagKey}=${state.tagValue}` : '';
}

// ---- hourly and daily -----------------------------------------------------------------------------------------

async function drawHistory() {
  if (!state.stat) return;
  const stat = encodeURIComponent(state.stat);
  const [hourly, daily] = await Promise.all([
    get(`hourly/${stat}?start=1d${filterQuery()}`, [404]),
    get(`daily/${stat}?start=7d${filterQuery()}`, [404])]);
  const none = `No ${state.stat} values${describeFilter()} yet: they appear once the first samples have been aggregated.`;
  if (hourly.status === 404) {
    chart('hourly-chart', null, none);
  } else {
    const unit = unitOf(state.stat, hourly.body.map((p) => p.value));
    chart('hourly-chart', {
      data: [hourly.body.map((p) => p.time / 1000), hourly.body.map((p) => unit.scale(p.value))],
      unit, xLabel: 'time (this browser\'s time zone)',
      // The whole requested window, so that a few hours of data sit where they belong in the day.
      xRange: () => [Date.now() / 1000 - 24 * 3600, Date.now() / 1000],
    });
  }
  if (daily.status === 404) {
    chart('daily-chart', null, none);
  } else {
    const unit = unitOf(state.stat, daily.body.map((p) => p.value));
    chart('daily-chart', {
      data: [daily.body.map((p) => hoursOf(p.time)), daily.body.map((p) => unit.scale(p.value))],
      unit, xLabel: 'time of day (the server\'s zone)', timeOfDay: true,
    });
  }
}

/** "07:45" -> 7.75 */
function hoursOf(slot) {
  const [h, m] = slot.split(':').map(Number);
  return h + m / 60;
}

/**
 * How to show a stat's values: stats named *_used whose values all lie in [0, 1] are fractions (cpu_used 0.25 is
 * 25 % used) and are drawn as percentages; anything else is drawn as it is, labelled with the stat's name.
 */
function unitOf(stat, values) {
  if (/_used$/.test(stat) && values.every((v) => v >= 0 && v <= 1)) {
    return { label: `${stat} (%)`, scale: (v) => v * 100, format: (v) => `${round(v)} %`, range: [0, 100] };
  }
  return { label: stat, scale: (v) => v, format: (v) => `${round(v)}`, range: null };
}

function round(v) {
  return v == null ? '–' : Number(v.toPrecision(4)).toString();
}

// ---- live -----------------------------------------------------------------------------------------------------

function startLive() {
  stopLive();
  state.liveSeries = new Map();
  drawLive();
  const url = `live?stat=${encodeURIComponent(state.stat)}${filterQuery()}`
    + `&X-AUTH-TOKEN=${encodeURIComponent(state.token)}`;
  const source = new EventSource(url);
  state.live = source;
  $('live-status').textContent = 'connecting…';
  source.onopen = () => { $('live-status').textContent = `streaming ${state.stat}${describeFilter()}`; };
  source.onmessage = (event) => addLiveSample(JSON.parse(event.data));
  source.onerror = () => {
    // EventSource retries by itself after a dropped connection; it gives up (CLOSED) on an error status such as
    // 401 or 404, which it does not tell us: ask the API whether the token still works.
    if (source.readyState === EventSource.CLOSED) {
      $('live-status').textContent = 'stopped: the server refused the live stream';
      guarded(() => get('ping'));
    } else {
      $('live-status').textContent = 'reconnecting…';
    }
  };
}

function stopLive() {
  if (state.live) state.live.close();
  state.live = null;
}

function addLiveSample(sample) {
  const label = Object.entries(sample.tags).map(([k, v]) => `${k}=${v}`).join(' ') || sample.stat;
  if (!state.liveSeries.has(label)) state.liveSeries.set(label, []);
  state.liveSeries.get(label).push([sample.time, sample.value]);
  const oldest = sample.time - LIVE_WINDOW_MS;
  state.liveSeries.forEach((points) => {
    while (points.length && points[0][0] < oldest) points.shift();
  });
  drawLive();
}

/** One line per series: uPlot wants one shared x array, so each series has a value or null at every time. */
function drawLive() {
  const labels = [...state.liveSeries.keys()];
  if (labels.length === 0) {
    chart('live-chart', null, state.stat ? `Waiting for ${state.stat} samples${describeFilter()}…` : 'Choose a stat.');
    return;
  }
  const times = [...new Set(labels.flatMap((l) => state.liveSeries.get(l).map((p) => p[0])))].sort((a, b) => a - b);
  const all = labels.flatMap((l) => state.liveSeries.get(l).map((p) => p[1]));
  const unit = unitOf(state.stat, all);
  const columns = labels.map((l) => {
    const byTime = new Map(state.liveSeries.get(l));
    return times.map((t) => (byTime.has(t) ? unit.scale(byTime.get(t)) : null));
  });
  chart('live-chart', { data: [times.map((t) => t / 1000), ...columns], unit, labels,
    xLabel: 'time (this browser\'s time zone)',
    // At least a minute wide, so that the first few samples do not fill the whole chart.
    xRange: (u, min, max) => [Math.min(min, max - 60), max] });
}

// ---- charts ---------------------------------------------------------------------------------------------------

const COLORS = ['#1f6feb', '#d9480f', '#2b8a3e', '#9c36b5', '#e8590c', '#0b7285'];

/**
 * Draws (or, with no spec, replaces with a message) the chart in element `id`. The element's data-points attribute
 * says how many points are drawn, for people and tests alike. A chart whose series are unchanged only gets new data.
 */
function chart(id, spec, message) {
  const box = $(id);
  const old = state.charts[id];
  if (!spec) {
    if (old) old.destroy();
    delete state.charts[id];
    const note = element('div', message);
    note.className = 'placeholder';
    box.replaceChildren(note);
    box.dataset.points = '0';
    return;
  }
  const labels = spec.labels || [spec.unit.label];
  const signature = `${spec.unit.label}|${spec.xLabel}|${labels.join('|')}`;
  box.dataset.points = String(spec.data.slice(1).reduce((n, s) => n + s.filter((v) => v != null).length, 0));
  if (old && old.signature === signature) {
    old.setData(spec.data);
    return;
  }
  if (old) old.destroy();
  box.replaceChildren();
  const options = {
    width: box.clientWidth || 600,
    height: window.innerWidth < 600 ? 180 : 220,
    scales: {
      x: spec.timeOfDay ? { time: false, range: [0, 24] } : { time: true, range: spec.xRange },
      y: spec.unit.range ? { range: spec.unit.range } : {},
    },
    series: [
      spec.timeOfDay ? { label: 'time', value: (u, v) => (v == null ? '–' : hhmm(v)) } : {},
      ...labels.map((label, i) => ({
        label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: true,
        points: { show: true, size: 5 }, value: (u, v) => spec.unit.format(v),
      })),
    ],
    axes: [
      spec.timeOfDay
        ? { label: spec.xLabel, incrs: [1, 2, 3, 6], values: (u, ticks) => ticks.map(hhmm) }
        : { label: spec.xLabel },
      { label: spec.unit.label, size: 60, values: (u, ticks) => ticks.map((v) => spec.unit.format(v)) },
    ],
  };
  const plot = new uPlot(options, spec.data, box);
  plot.signature = signature;
  state.charts[id] = plot;
}

function hhmm(hours) {
  const minutes = Math.round(hours * 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function resizeCharts() {
  Object.entries(state.charts).forEach(([id, plot]) => {
    plot.setSize({ width: $(id).clientWidth, height: window.innerWidth < 600 ? 180 : 220 });
  });
}

// ---- helpers --------------------------------------------------------------------------------------------------

/** A new element with children: strings become text nodes. */
function element(tag, ...children) {
  const e = document.createElement(tag);
  e.append(...children);
  return e;
}

function ago(millis) {
  const seconds = Math.max(0, Math.round((Date.now() - millis) / 1000));
  if (seconds < 90) return `${seconds} s ago`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
  return new Date(millis).toLocaleString();
}

// ---- start ----------------------------------------------------------------------------------------------------

$('token-form').addEventListener('submit', submitToken);
$('filter').addEventListener('submit', applyFilter);
$('stat').addEventListener('change', () => selectStat($('stat').value));
$('change-token').addEventListener('click', () => askForToken(''));
window.addEventListener('resize', resizeCharts);

if (state.token === null) {
  askForToken('');
} else {
  openDashboard();
}
