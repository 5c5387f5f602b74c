/*
 * Shared by the Status, Logs and Settings pages: the bearer token, calls to /api/v1, the integration
 * picker and the Server-Sent Events reader. Plain browser JavaScript, no build step.
 *
 * The token: with ?account=<id> (or ?operator=1) the local stack's dev token endpoint issues one; otherwise
 * the page asks for one (an account picker when dev tokens are on, else a pasted token). It lives in
 * sessionStorage only, so closing the tab forgets it.
 */
(function () {
  'use strict';
  const TOKEN = 'tillbridge.token';
  const WHO = 'tillbridge.who';
  const params = new URLSearchParams(location.search);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function when(iso) {
    if (!iso) return el('span', { class: 'empty', text: 'never' });
    const d = new Date(iso);
    return el('time', { datetime: iso, title: iso }, d.toLocaleString());
  }

  class ApiError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem;
    }
  }

  async function api(path, options) {
    const token = sessionStorage.getItem(TOKEN);
    const headers = Object.assign({ Accept: 'application/json' }, (options && options.headers) || {});
    if (token) headers.Authorization = 'Bearer ' + token;
    const response = await fetch('/api/v1' + path, Object.assign({}, options, { headers }));
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN);
      showSignIn('Your session ended; sign in again.');
      throw new ApiError(401, null);
    }
    const text = await response.text();
    const body = text ? JSON.parse(text) : null;
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  async function devToken(query) {
    const response = await fetch('/api/v1/dev/token?' + query, { method: 'POST' });
    if (!response.ok) return null;
    return response.json();
  }

  function store(token, who) {
    sessionStorage.setItem(TOKEN, token);
    sessionStorage.setItem(WHO, who);
  }

  /** Resolves once there is a token (asking for one if needed). */
  async function ensureToken() {
    const account = params.get('account');
    const operator = params.get('operator');
    if (account || operator) {
      const issued = await devToken(account ? 'account=' + encodeURIComponent(account) : 'operator=true');
      if (issued) store(issued.token, account ? 'account ' + account : 'operator');
    }
    if (!sessionStorage.getItem(TOKEN)) await new Promise((resolve) => showSignIn(null, resolve));
    const who = document.getElementById('who');
    if (who) who.textContent = sessionStorage.getItem(WHO) || '';
  }

  let signInDone = null;
  async function showSignIn(message, resolve) {
    if (resolve) signInDone = resolve;
    const main = document.querySelector('main');
    main.replaceChildren();
    const box = el('section', { class: 'card signin', 'aria-labelledby': 'signin-title' },
      el('h1', { id: 'signin-title', text: 'Sign in' }));
    if (message) box.append(el('p', { role: 'alert', text: message }));
    let accounts = null;
    try {
      const r = await fetch('/api/v1/dev/accounts');
      if (r.ok) accounts = await r.json();
    } catch (e) { /* no dev tokens here */ }
    const done = () => { if (signInDone) { const d = signInDone; signInDone = null; d(); } else location.reload(); };
    if (accounts) {
      const select = el('select', { id: 'signin-account' },
        accounts.map((a) => el('option', { value: a, text: a })),
        el('option', { value: '__operator__', text: 'Operator (all accounts)' }));
      box.append(el('p', { text: 'Local stack: pick a demo account; a demo token is issued for it.' }),
        el('div', { class: 'field' }, el('label', { for: 'signin-account', text: 'Account' }), select),
        el('button', { class: 'primary', type: 'button', onclick: async () => {
          const v = select.value;
          const issued = await devToken(v === '__operator__' ? 'operator=true' : 'account=' + encodeURIComponent(v));
          if (issued) { store(issued.token, v === '__operator__' ? 'operator' : 'account ' + v); done(); }
        } }, 'Continue'));
    }
    const area = el('textarea', { id: 'signin-token', spellcheck: 'false', autocomplete: 'off' });
    box.append(el('div', { class: 'field' }, el('label', { for: 'signin-token', text: 'Or paste an access token (JWT)' }), area),
      el('button', { class: accounts ? 'secondary' : 'primary', type: 'button', onclick: () => {
        const t = area.value.trim();
        if (t) { store(t, 'pasted token'); done(); }
      } }, 'Use this token'));
    main.append(box);
  }

  function header(current) {
    const pages = [['index.html', 'Status'], ['logs.html', 'Logs'], ['settings.html', 'Settings']];
    const keep = new URLSearchParams();
    if (params.get('integration')) keep.set('integration', params.get('integration'));
    const suffix = keep.toString() ? '?' + keep : '';
    const nav = el('nav', { 'aria-label': 'Pages' }, el('ul', {}, pages.map(([href, label]) =>
      el('li', {}, el('a', { href: href + suffix, 'aria-current': href === current ? 'page' : null, text: label })))));
    const who = el('div', { class: 'who' }, el('span', { id: 'who', text: sessionStorage.getItem(WHO) || '' }),
      el('button', { type: 'button', onclick: () => { sessionStorage.clear(); location.href = location.pathname; } }, 'Sign out'));
    const bar = el('header', { class: 'site' }, el('span', { class: 'brand', text: 'Tillbridge' }), nav, who);
    document.body.prepend(el('a', { class: 'skip', href: '#main' }, 'Skip to content'), bar);
  }

  /** Every integration the caller sees, page after page (GET /integrations is paged in id order). */
  async function allIntegrations() {
    const list = [];
    let cursor = null;
    do {
      const page = await api('/integrations?limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      list.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return list;
  }

  /** The integrations the caller sees, and a picker when there is more than one. */
  async function pickIntegration(onChange) {
    const list = await allIntegrations();
    const wanted = params.get('integration');
    const chosen = list.find((i) => i.integrationId === wanted) || list[0];
    const picker = el('div', { class: 'field' }, el('label', { for: 'integration', text: 'Integration' }),
      el('select', { id: 'integration', onchange: (e) => {
        const url = new URL(location.href);
        url.searchParams.set('integration', e.target.value);
        history.replaceState(null, '', url);
        onChange(list.find((i) => i.integrationId === e.target.value));
      } }, list.map((i) => el('option', { value: i.integrationId, selected: chosen && i.integrationId === chosen.integrationId,
        text: (i.name || i.integrationId) + (i.enabled ? '' : ' (disabled)') }))));
    return { list, chosen, picker };
  }

  /**
   * Reads a Server-Sent Events stream with fetch (EventSource cannot send the Authorization header) and
   * calls onEvent(name, data) for each event; reconnects after a pause when the stream ends.
   */
  function events(path, onEvent) {
    let stopped = false;
    let controller = null;
    async function run() {
      while (!stopped) {
        controller = new AbortController();
        try {
          const response = await fetch('/api/v1' + path, {
            headers: { Accept: 'text/event-stream', Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN) },
            signal: controller.signal
          });
          if (response.status === 401 || response.status === 404) return;
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += decoder.decode(value, { stream: true });
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let name = 'message';
              const data = [];
              for (const line of block.split('\n')) {
                if (line.startsWith('event:')) name = line.slice(6).trim();
                else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
              }
              if (data.length) {
                try { onEvent(name, JSON.parse(data.join('\n'))); } catch (e) { console.warn('bad event', e); }
              }
            }
          }
        } catch (e) {
          if (stopped) return;
        }
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
    run();
    return { stop() { stopped = true; if (controller) controller.abort(); } };
  }

  window.Tillbridge = { el, when, api, ApiError, ensureToken, header, pickIntegration, events, params };
})();
