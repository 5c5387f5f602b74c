/*
 * The Logs page: pick the service (Magento, POS, Tillbridge), then the type (Notification, Error, Info);
 * newest first, with "Show older lines" paging through the API's cursor.
 */
(async function () {
  'use strict';
  const T = window.Tillbridge;
  const { el, when } = T;
  T.header('logs.html');
  await T.ensureToken();
  const main = document.querySelector('main');
  main.replaceChildren(el('h1', { text: 'Logs' }));

  const service = el('select', { id: 'log-service', name: 'service' },
    el('option', { value: '', text: 'All services' }), el('option', { value: 'MAGENTO', text: 'Magento' }),
    el('option', { value: 'POS', text: 'POS' }), el('option', { value: 'TILLBRIDGE', text: 'Tillbridge' }));
  const type = el('select', { id: 'log-type', name: 'type' },
    el('option', { value: '', text: 'All types' }), el('option', { value: 'NOTIFICATION', text: 'Notification' }),
    el('option', { value: 'ERROR', text: 'Error' }), el('option', { value: 'INFO', text: 'Info' }));
  for (const [select, key] of [[service, 'service'], [type, 'type']]) {
    if (T.params.get(key)) select.value = T.params.get(key).toUpperCase();
  }
  const rows = el('tbody', { id: 'log-rows' });
  const status = el('p', { class: 'status-line', id: 'log-status', role: 'status' });
  const more = el('button', { class: 'secondary', type: 'button', id: 'log-more', hidden: true }, 'Show older lines');
  let integration = null;
  let cursor = null;

  async function load(reset) {
    if (!integration) return;
    if (reset) { rows.replaceChildren(); cursor = null; }
    const q = new URLSearchParams({ limit: '25' });
    if (service.value) q.set('service', service.value);
    if (type.value) q.set('type', type.value);
    if (cursor) q.set('cursor', cursor);
    status.textContent = 'Loading…';
    try {
      const page = await T.api('/integrations/' + encodeURIComponent(integration.integrationId) + '/logs?' + q);
      for (const line of page.items) {
        rows.append(el('tr', { class: 'log-line', 'data-type': line.type, 'data-service': line.service },
          el('td', { class: 'when' }, when(line.occurredAt)),
          el('td', { text: line.service.charAt(0) + line.service.slice(1).toLowerCase() }),
          el('td', { text: line.type.charAt(0) + line.type.slice(1).toLowerCase() }),
          el('td', { class: 'message' }, line.message, line.reference ? el('span', { class: 'latest' }, ' (' + line.reference + ')') : '')));
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
      const count = rows.children.length;
      status.textContent = count ? count + ' line' + (count === 1 ? '' : 's') + ' shown' + (cursor ? '; older lines available' : '')
        : 'No log lines for this selection. Not every service writes detailed logs; Error and Info may be empty.';
    } catch (e) {
      if (e.status !== 401) status.textContent = 'Could not load the logs: ' + e.message;
    }
  }

  function remember() {
    const url = new URL(location.href);
    for (const [key, select] of [['service', service], ['type', type]]) {
      if (select.value) url.searchParams.set(key, select.value); else url.searchParams.delete(key);
    }
    history.replaceState(null, '', url);
  }
  service.addEventListener('change', () => { remember(); load(true); });
  type.addEventListener('change', () => { remember(); load(true); });
  more.addEventListener('click', () => load(false));

  try {
    const { chosen, picker } = await T.pickIntegration((i) => { integration = i; load(true); });
    integration = chosen;
    main.append(el('form', { class: 'toolbar', role: 'search', 'aria-label': 'Log filters', onsubmit: (e) => e.preventDefault() },
      picker,
      el('div', { class: 'field' }, el('label', { for: 'log-service', text: 'Service' }), service),
      el('div', { class: 'field' }, el('label', { for: 'log-type', text: 'Type' }), type)),
      status,
      el('table', { class: 'log-table', id: 'log-table' },
        el('caption', { class: 'visually-hidden', text: 'Log lines, newest first' }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Time' }), el('th', { scope: 'col', text: 'Service' }),
          el('th', { scope: 'col', text: 'Type' }), el('th', { scope: 'col', text: 'Message' }))),
        rows),
      more);
    if (!chosen) status.textContent = 'No integration yet.';
    await load(true);
  } catch (e) {
    if (e.status !== 401) main.append(el('p', { role: 'alert', text: 'Could not load the logs: ' + e.message }));
  }
})();
