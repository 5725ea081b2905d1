// <byok-sandbox>: the sandbox in a documentation page from one script tag, no build step.
//
//   <script type="module" src="https://SANDBOX_HOST/embed.js"></script>
//   <byok-sandbox sandbox="byok-guide" page="keys"></byok-sandbox>
//
// A plain custom element around the app's iframe (`index.html?embed=1`, beside this file): it builds
// the address from its attributes, loads it when it nears the viewport (or at once, or on a click),
// sizes the frame to its content, passes the host page's theme on, and speaks the app's postMessage
// protocol (README, "Embedding the app") to the sandbox's origin only. No dependencies; nothing
// leaves the browser. scripts/build.mjs copies this file, unhashed, beside index.html.
//
// It also upgrades the page's runnable code blocks: a `<pre data-byok-run="NAME">` (or a <pre>
// inside `<byok-run sandbox="NAME">`) gets a Run button; its commands run, as pasted, in the
// sandbox of that name (the page's <byok-sandbox sandbox="NAME">, which follows along, or a hidden
// one); the output appears under the block, and if the next block is marked `data-byok-expect` the
// output is compared with it by shape (the sandbox's `compare`: ids, CRNs, dates, tokens count as
// placeholders), saying "Matches the documentation" or showing the lines that differ.

/** The sections a `page` attribute may name (the app's hash routes). */
export const PAGES = ['keys', 'databases', 'timeline', 'activity', 'terminal', 'console', 'iam', 'settings', 'scenarios'];
const PAGE_NAMES = {
  keys: 'the Key Protect keys', databases: 'the Cloud Databases deployments', timeline: 'the timeline',
  activity: 'the activity log', terminal: 'the ibmcloud terminal', console: 'the API console', iam: 'IAM',
  settings: 'the settings', scenarios: 'the guided tours',
};
export const THEMES = ['auto', 'light', 'dark', 'host'];
export const CONTROLS = ['full', 'compact', 'none'];
export const LOADINGS = ['lazy', 'eager', 'click'];
export const DEFAULT_LABEL = 'byok-sandbox: Key Protect BYOK, simulated';
/** The methods of `window.byokSandbox` the element forwards over postMessage. */
export const METHODS = ['exec', 'request', 'advance', 'now', 'events', 'users', 'exportState', 'importState', 'reset', 'compare'];
/** How far outside the viewport a lazy element starts loading. */
export const LAZY_MARGIN = '600px 0px';
const ATTRIBUTES = ['sandbox', 'seed', 'tour', 'step', 'page', 'height', 'theme', 'loading', 'controls', 'label'];

const pick = (value, allowed, fallback) => {
  const v = (value ?? '').trim().toLowerCase();
  return allowed.includes(v) ? v : fallback;
};
const text = (value) => (value ?? '').trim();

/**
 * The element's settings from its attributes (`attrs`: name -> string or null/undefined), every one
 * checked: an unknown value falls back to the default.
 */
export function settings(attrs) {
  const step = Number.parseInt(text(attrs.step), 10);
  const page = text(attrs.page).replace(/^#?\/?/, '');
  return {
    sandbox: text(attrs.sandbox),
    seed: text(attrs.seed),
    tour: text(attrs.tour),
    step: Number.isFinite(step) && step > 0 ? step : null,
    // A section, or a section and an id (`keys/<id>`).
    page: PAGES.includes(page.split('/')[0]) && /^[a-z]+(\/[A-Za-z0-9._~-]+)?$/.test(page) ? page : '',
    theme: pick(attrs.theme, THEMES, 'auto'),
    controls: pick(attrs.controls, CONTROLS, 'compact'),
    loading: pick(attrs.loading, LOADINGS, 'lazy'),
    height: parseHeight(attrs.height),
    label: text(attrs.label),
  };
}

/**
 * The frame's address for these attributes, `base` being the app's index.html:
 * `?embed=1&sandbox=…&seed=…&scenario=…&step=…&theme=…&controls=…#/page`.
 */
export function frameSrc(base, attrs) {
  const s = settings(attrs);
  const url = new URL(base);
  url.search = '';
  url.hash = '';
  const q = url.searchParams;
  q.set('embed', '1');
  if (s.sandbox) q.set('sandbox', s.sandbox);
  if (s.seed) q.set('seed', s.seed);
  if (s.tour) {
    q.set('scenario', s.tour);
    if (s.step) q.set('step', String(s.step));
  }
  q.set('theme', s.theme);
  q.set('controls', s.controls);
  // A tour opens its own page (the app moves to #/scenarios/TOUR).
  if (s.page && !s.tour) url.hash = `/${s.page}`;
  return url.href;
}

/** `height`: `{auto: true}` (the default), or `{css}` a fixed CSS length (a bare number is px). */
export function parseHeight(value) {
  const v = text(value).toLowerCase();
  if (!v || v === 'auto') return { auto: true };
  if (/^\d+(\.\d+)?$/.test(v)) return { css: `${v}px` };
  const fine = typeof CSS !== 'undefined' && CSS.supports
    ? CSS.supports('height', v)
    : /^\d+(\.\d+)?(px|em|rem|vh|svh|lvh|dvh|vw|%|ch|ex|lh|cm|mm|in|pt|pc)$/.test(v);
  return fine ? { css: v } : { auto: true };
}

/** The frame's height for a content height, kept within min..max (CSS px; max may be Infinity). */
export function clampHeight(content, min, max) {
  const h = Math.ceil(Number(content) || 0);
  return Math.max(min, Math.min(max, h));
}

/** What the click-to-load placeholder says the sandbox will open. */
export function describe(attrs) {
  const s = settings(attrs);
  const where = s.tour
    ? `the guided tour “${s.tour}”${s.step ? ` at step ${s.step}` : ''}`
    : s.page ? `${PAGE_NAMES[s.page.split('/')[0]]} page` : 'the overview';
  const which = s.sandbox ? ` of the sandbox “${s.sandbox}”` : '';
  return `Opens ${where}${which}. It runs in your browser and sends nothing anywhere.`;
}

/** The luminance (0..1) of an `rgb()`/`rgba()` colour, or null for another form or a transparent one. */
export function luminance(color) {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/.exec(text(color));
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  if (alpha === 0) return null;
  const lin = (c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(+m[1]) + 0.7152 * lin(+m[2]) + 0.0722 * lin(+m[3]);
}

// ---- In a browser: the element. ----

const STYLE = `
:host { display: block; position: relative; min-height: 240px; max-height: 900px; contain: layout; }
:host([hidden]) { display: none; }
:host([height]:not([height="auto"]):not([height=""])) { min-height: 0; max-height: none; }
iframe { display: block; box-sizing: border-box; width: 100%; height: 100%; border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 4px; background: transparent; }
.ph { box-sizing: border-box; display: flex; flex-direction: column; justify-content: center; gap: 10px;
  min-height: inherit; height: 100%; padding: 20px 24px; border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 4px;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f4f4f4; color: #161616; }
.ph[data-theme="dark"] { background: #262626; color: #f4f4f4; }
.ph[data-theme="host"] { background: transparent; color: inherit; font: inherit; }
@media (prefers-color-scheme: dark) { .ph[data-theme="auto"] { background: #262626; color: #f4f4f4; } }
.ph .title { margin: 0; font-weight: 600; font-size: 1.05em; }
.ph p { margin: 0; max-width: 60ch; }
.ph .what { opacity: 0.8; font-size: 0.92em; }
.ph button { align-self: flex-start; font: inherit; font-weight: 600; padding: 8px 18px; border: 1px solid #0f62fe;
  border-radius: 2px; background: #0f62fe; color: #fff; cursor: pointer; }
.ph button:hover { background: #0353e9; }
.ph button:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
`;

/** The sandbox's app, beside this file. */
const APP = new URL('index.html', import.meta.url);
const ORIGIN = APP.origin;
const live = new Set();
let listening = false;

/** One listener for the page: a message goes to the element whose own frame sent it, from the sandbox's origin. */
function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener('message', (e) => {
    if (e.origin !== ORIGIN || !e.data || typeof e.data.type !== 'string') return;
    for (const el of live) {
      if (el._owns(e.source)) {
        el._receive(e.data);
        return;
      }
    }
  });
}

/** The host page's look, for `theme="host"`: its background, text, link colour and font. */
function hostTheme() {
  const html = document.documentElement;
  const body = document.body ?? html;
  const bs = getComputedStyle(body);
  const hs = getComputedStyle(html);
  const clear = (c) => c === 'transparent' || /^rgba\(.*[\s,/]0\)$/.test(c);
  const dark = /\bdark\b/.test(hs.colorScheme) && !/\blight\b/.test(hs.colorScheme);
  let background = bs.backgroundColor;
  if (clear(background)) background = hs.backgroundColor;
  if (clear(background)) background = dark ? '#121212' : '#ffffff';
  const link = document.querySelector('main a[href], article a[href]') ?? document.querySelector('a[href]');
  let linkColor;
  if (link) {
    linkColor = getComputedStyle(link).color;
  } else {
    const probe = document.createElement('a');
    probe.href = '#';
    probe.style.cssText = 'position:absolute;visibility:hidden;pointer-events:none';
    body.append(probe);
    linkColor = getComputedStyle(probe).color;
    probe.remove();
  }
  const lum = luminance(background);
  const scheme = lum === null ? (dark ? 'dark' : 'light') : lum < 0.3 ? 'dark' : 'light';
  return { scheme, background, text: bs.color, link: linkColor, font: bs.fontFamily };
}

/** Watches the host page's theme (attributes of <html> and <body>, the OS scheme, transitions on them). */
const hostWatch = {
  subscribers: new Set(),
  observer: null,
  last: '',
  pending: false,
  add(el) {
    this.subscribers.add(el);
    if (this.observer) return;
    const check = () => this.schedule();
    this.check = check;
    this.observer = new MutationObserver(check);
    this.observer.observe(document.documentElement, { attributes: true });
    if (document.body) this.observer.observe(document.body, { attributes: true });
    else document.addEventListener('DOMContentLoaded', () => this.observer?.observe(document.body, { attributes: true }), { once: true });
    this.media = matchMedia('(prefers-color-scheme: dark)');
    this.media.addEventListener('change', check);
    this.onTransition = (e) => { if (e.target === document.documentElement || e.target === document.body) check(); };
    document.addEventListener('transitionend', this.onTransition);
  },
  remove(el) {
    this.subscribers.delete(el);
    if (this.subscribers.size || !this.observer) return;
    this.observer.disconnect();
    this.observer = null;
    this.media.removeEventListener('change', this.check);
    document.removeEventListener('transitionend', this.onTransition);
    this.last = '';
  },
  schedule() {
    if (this.pending) return;
    this.pending = true;
    // After the page's own handlers have changed what they change in this task.
    requestAnimationFrame(() => {
      this.pending = false;
      const theme = hostTheme();
      const key = JSON.stringify(theme);
      if (key === this.last) return;
      this.last = key;
      for (const el of this.subscribers) el._sendTheme(theme);
    });
  },
};

const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

export class ByokSandboxElement extends Base {
  static get observedAttributes() { return ATTRIBUTES; }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = STYLE;
    this._root.append(style);
    this._frame = null;
    this._placeholder = null;
    this._started = false; // loading has been asked for (in view, eager, clicked, a method call)
    this._frameReady = false;
    this._nextId = 1;
    this._pending = new Map();
    this._contentHeight = null;
    this._newReady();
    for (const m of METHODS) this[m] = (...args) => this._call(m, args);
  }

  /** A Promise resolved when the sandbox says it is ready (`byok-sandbox-ready`). */
  get ready() { return this._ready.promise; }

  /** Starts loading now, whatever `loading` says. */
  load() {
    this._started = true;
    if (this.isConnected) this._mount();
  }

  _attrs() {
    const a = {};
    for (const n of ATTRIBUTES) a[n] = this.getAttribute(n);
    return a;
  }

  _newReady() {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    this._ready = { promise, resolve, done: false };
  }

  connectedCallback() {
    live.add(this);
    listen();
    this._apply();
  }

  disconnectedCallback() {
    live.delete(this);
    this._unobserve();
    hostWatch.remove(this);
    // The frame's document is gone with it: what it had not answered never will be.
    clearTimeout(this._silence);
    if (this._frame) {
      this._frame.remove();
      this._frame = null;
      this._reloading('the element was removed from the page');
    }
  }

  attributeChangedCallback(name, old, value) {
    if (old === value || !this.isConnected) return;
    if (name === 'label') return this._label();
    if (name === 'height') return this._size();
    // Several attributes set one after another (tour and step) make one change of address.
    if (this._queued) return;
    this._queued = true;
    queueMicrotask(() => {
      this._queued = false;
      if (this.isConnected) this._apply();
    });
  }

  /** Puts the element in the state its attributes ask for. */
  _apply() {
    const s = settings(this._attrs());
    if (s.theme === 'host') hostWatch.add(this);
    else hostWatch.remove(this);
    if (this._frame) {
      this._navigate();
    } else if (this._started || s.loading === 'eager') {
      this._mount();
    } else {
      this._drawPlaceholder(s.loading === 'click');
      if (s.loading === 'lazy') this._observe();
      else this._unobserve();
    }
    this._label();
    this._size();
  }

  _observe() {
    if (this._io) return;
    this._io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.load();
    }, { rootMargin: LAZY_MARGIN });
    this._io.observe(this);
  }

  _unobserve() {
    this._io?.disconnect();
    this._io = null;
  }

  _drawPlaceholder(withButton) {
    const attrs = this._attrs();
    const s = settings(attrs);
    const ph = this._placeholder ?? document.createElement('div');
    ph.className = 'ph';
    ph.part = 'placeholder';
    ph.dataset.theme = s.theme;
    ph.replaceChildren();
    const title = document.createElement('p');
    title.className = 'title';
    title.textContent = s.label || 'Key Protect BYOK sandbox: keys, databases and their encryption, simulated';
    const what = document.createElement('p');
    what.className = 'what';
    what.textContent = describe(attrs);
    ph.append(title, what);
    if (withButton) {
      const start = document.createElement('button');
      start.type = 'button';
      start.part = 'start';
      start.textContent = 'Start the sandbox';
      start.addEventListener('click', () => {
        this.load();
        this._frame?.focus();
      });
      ph.append(start);
    }
    if (!this._placeholder) this._root.append(ph);
    this._placeholder = ph;
  }

  /** Puts the frame in (the first request to the sandbox's host). */
  _mount() {
    if (this._frame) return;
    this._unobserve();
    this._started = true;
    const frame = document.createElement('iframe');
    frame.part = 'frame';
    frame.allow = 'clipboard-write';
    frame.addEventListener('load', () => this._onLoad());
    this._frame = frame;
    this._src = frameSrc(APP, this._attrs());
    frame.src = this._src;
    this._placeholder?.remove();
    this._placeholder = null;
    this._root.append(frame);
    this._label();
    this._size();
  }

  /** A new address for changed attributes: the page alone moves within the app, anything else reloads it. */
  _navigate() {
    const src = frameSrc(APP, this._attrs());
    if (src === this._src) return;
    const sameDocument = src.split('#')[0] === this._src.split('#')[0];
    this._src = src;
    if (!sameDocument) this._reloading('the sandbox was reloaded for new attributes');
    this._frame.src = src;
  }

  /** A new document comes (or none): a new `ready` to wait for, and what the old one owed is lost. */
  _reloading(why) {
    this._frameReady = false;
    this._sizedOnce = false;
    if (this._ready.done) this._newReady();
    for (const { reject } of this._pending.values()) reject(new Error(`byok-sandbox: ${why} before it answered`));
    this._pending.clear();
  }

  _onLoad() {
    if (settings(this._attrs()).theme === 'host') this._sendTheme(hostTheme());
    // No `ready` long after the frame loaded: most likely this page's origin is not allowed.
    clearTimeout(this._silence);
    this._silence = setTimeout(() => {
      if (!this._frameReady && this.isConnected && !this._warned) {
        this._warned = true;
        console.warn(`byok-sandbox: the sandbox at ${ORIGIN} has not answered this page (${location.origin}) yet. If it never does, list ${location.origin} in sandbox.json's "allowedOrigins" on ${ORIGIN}.`);
      }
    }, 15000);
  }

  _label() {
    const label = text(this.getAttribute('label')) || DEFAULT_LABEL;
    if (this._frame) this._frame.title = label;
    if (this._placeholder) this._placeholder.setAttribute('aria-label', label);
    if (this._placeholder) this._placeholder.setAttribute('role', 'region');
  }

  /** The frame's height: fixed, or its content's within the element's min-height and max-height. */
  _size() {
    const h = parseHeight(this.getAttribute('height'));
    if (!h.auto) {
      this.style.removeProperty('--byok-content');
      if (this._frame) this._frame.style.height = h.css;
      if (this._placeholder) this._placeholder.style.height = h.css;
      return;
    }
    if (this._placeholder) this._placeholder.style.height = '';
    if (!this._frame) return;
    const cs = getComputedStyle(this);
    const px = (v, fallback) => {
      const n = parseFloat(v);
      return v.endsWith('px') && Number.isFinite(n) ? n : fallback;
    };
    const min = px(cs.minHeight, 240);
    const max = px(cs.maxHeight, Infinity);
    // The frame's border is inside its height (border-box): the document gets all of the content's.
    const border = px(getComputedStyle(this._frame).borderTopWidth, 0) + px(getComputedStyle(this._frame).borderBottomWidth, 0);
    const content = this._contentHeight ?? min - border;
    this._frame.style.height = `${clampHeight(content + border, min, max)}px`;
  }

  _owns(source) {
    return !!this._frame && source === this._frame.contentWindow;
  }

  _dispatch(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** A message from this element's own frame, of the sandbox's origin. */
  _receive(m) {
    switch (m.type) {
      case 'byok-sandbox-ready':
        this._frameReady = true;
        clearTimeout(this._silence);
        if (!this._ready.done) {
          this._ready.done = true;
          this._ready.resolve();
        }
        if (settings(this._attrs()).theme === 'host') this._sendTheme(hostTheme());
        this._dispatch('byok-ready', { sandbox: m.sandbox });
        break;
      case 'byok-sandbox-reply': {
        const waiting = this._pending.get(m.id);
        if (!waiting) return;
        this._pending.delete(m.id);
        if ('error' in m && m.error !== undefined) waiting.reject(new Error(String(m.error)));
        else waiting.resolve(m.result);
        break;
      }
      case 'byok-sandbox-size':
        if (!this._sizedOnce && settings(this._attrs()).theme === 'host') this._sendTheme(hostTheme());
        this._sizedOnce = true;
        if (Number.isFinite(m.height) && m.height >= 0) {
          this._contentHeight = m.height;
          this._size();
        }
        break;
      case 'byok-sandbox-event':
        this._dispatch('byok-event', m.event);
        break;
      case 'byok-sandbox-command':
        this._dispatch('byok-command', { line: m.line, code: m.code });
        break;
      case 'byok-sandbox-step': {
        const detail = { scenario: m.scenario, step: m.step, status: m.status };
        if (m.reason !== undefined && m.reason !== null) detail.reason = m.reason;
        this._dispatch('byok-step', detail);
        break;
      }
      default:
    }
  }

  _post(method, args) {
    const id = `e${this._nextId++}`;
    this._frame.contentWindow.postMessage({ type: 'byok-sandbox', id, method, args }, ORIGIN);
    return id;
  }

  /** The host's look, for `theme="host"` (no answer awaited; sent again whenever it changes). */
  _sendTheme(theme) {
    if (this._inSandbox()) this._post('setTheme', [theme]);
  }

  /** Whether the frame holds the sandbox's document (not its first about:blank, of this page's origin). */
  _inSandbox() {
    const w = this._frame?.contentWindow;
    if (!w) return false;
    try {
      return w.location.href.startsWith(`${ORIGIN}/`);
    } catch {
      return true; // another origin's document: the sandbox's
    }
  }

  /** A method of `window.byokSandbox`, through the frame: loads a lazy element, waits for `ready`. */
  async _call(method, args) {
    this.load();
    while (!this._frameReady) await this._ready.promise;
    return new Promise((resolve, reject) => {
      const id = this._post(method, args);
      this._pending.set(id, { resolve, reject });
    });
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('byok-sandbox')) {
  customElements.define('byok-sandbox', ByokSandboxElement);
}

/** A block's commands as the shell takes them: each line without a leading `$ ` prompt. */
export function commandsOf(text) {
  return text.split('\n').map((l) => l.replace(/^\s*\$ /, '').replace(/\s+$/, '')).join('\n').trim();
}

/** What a comparison's differences say, a line each: the documented line and the printed one. */
export function describeDifferences(differences) {
  const side = (s) => (s ? `line ${s.number}: ${s.text}` : '(nothing)');
  return differences.map((d) => `documented ${side(d.expected)}\n   printed ${side(d.actual)}`);
}

const RUN_STYLE = `
.byok-run-bar { margin: 4px 0 16px; font: 14px/1.4 system-ui, sans-serif; }
.byok-run-bar button { font: inherit; padding: 4px 14px; cursor: pointer; }
.byok-run-bar .byok-run-verdict { display: inline; margin-left: 8px; }
.byok-run-bar pre.byok-run-output { margin: 8px 0 0; padding: 8px; white-space: pre-wrap; border-left: 3px solid currentColor; overflow-x: auto; }
.byok-run-bar[data-result=matches] .byok-run-verdict::before { content: "✓ "; }
.byok-run-bar[data-result=differs] .byok-run-verdict::before, .byok-run-bar[data-result=failed] .byok-run-verdict::before { content: "✗ "; }
`;

/** The page's sandbox of that name, or a hidden one made for the page's blocks. */
function sandboxNamed(name) {
  const all = [...document.querySelectorAll('byok-sandbox')];
  const found = name ? all.find((e) => text(e.getAttribute('sandbox')) === name) : all[0];
  if (found) return found;
  const el = document.createElement('byok-sandbox');
  el.setAttribute('sandbox', name || 'documentation-page');
  el.setAttribute('loading', 'eager');
  el.setAttribute('label', 'byok-sandbox: runs this page\'s code blocks');
  el.hidden = true;
  document.body.append(el);
  return el;
}

/** The documented output that follows a block (skipping the Run bar), if marked `data-byok-expect`. */
function expectedAfter(block) {
  let next = block.nextElementSibling;
  while (next && next.classList.contains('byok-run-bar')) next = next.nextElementSibling;
  return next && next.matches('[data-byok-expect]') ? next.textContent : null;
}

/** Adds the Run bar under a runnable block (once); the author's markup and buttons stay as they are. */
function upgrade(pre) {
  if (pre.dataset.byokUpgraded) return;
  pre.dataset.byokUpgraded = 'true';
  const wrapper = pre.closest('byok-run');
  const name = text(pre.dataset.byokRun) || text(wrapper?.getAttribute('sandbox'));
  const anchor = wrapper ?? pre;
  const bar = document.createElement('div');
  bar.className = 'byok-run-bar';
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = 'Run';
  button.setAttribute('aria-label', 'Run these commands in the sandbox');
  const verdict = document.createElement('span');
  verdict.className = 'byok-run-verdict';
  verdict.setAttribute('role', 'status');
  const output = document.createElement('pre');
  output.className = 'byok-run-output';
  output.hidden = true;
  bar.append(button, verdict, output);
  anchor.after(bar);
  const say = (result, words) => {
    bar.dataset.result = result;
    verdict.textContent = words;
  };
  button.addEventListener('click', async () => {
    button.disabled = true;
    say('running', 'Running…');
    try {
      const sandbox = sandboxNamed(name);
      const out = await sandbox.exec(commandsOf(pre.textContent));
      output.textContent = `${out.stdout}${out.stderr}`;
      output.hidden = false;
      const expected = expectedAfter(anchor) ?? expectedAfter(pre);
      if (expected !== null) {
        const c = await sandbox.compare(expected, out.stdout);
        if (c.matches) say('matches', 'Matches the documentation');
        else {
          say('differs', `Differs from the documentation in ${c.differences.length} ${c.differences.length === 1 ? 'place' : 'places'}:`);
          output.textContent += `\n${describeDifferences(c.differences).join('\n')}`;
        }
      } else if (out.code === 0) say('ran', 'Ran');
      else say('failed', `Failed (exit ${out.code})`);
    } catch (e) {
      say('error', `Could not run: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  });
}

/** A runnable block: marked, or inside <byok-run> (not the output this script puts under one). */
const RUNNABLE = 'pre[data-byok-run], byok-run pre:not(.byok-run-output)';

/** Upgrades the runnable blocks under `root`. */
function scan(root) {
  for (const pre of root.querySelectorAll(RUNNABLE)) upgrade(pre);
}

if (typeof document !== 'undefined' && typeof customElements !== 'undefined') {
  const style = document.createElement('style');
  style.textContent = RUN_STYLE;
  document.head.append(style);
  scan(document);
  // Blocks that come later (a page that draws its content with a script) are upgraded as they come.
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) {
      if (n.matches(RUNNABLE)) upgrade(n);
      scan(n);
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  if (!customElements.get('byok-run')) customElements.define('byok-run', class extends HTMLElement {});
}
