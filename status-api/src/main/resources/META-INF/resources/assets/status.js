/*
 * The Status page: the most recent activity of each integrated solution (Magento, the POS), the sync-cycle
 * line, the live product progress bar ("Updating Product 825 of 12403"), skipped orders by reason with the
 * advice, and active alerts. Live changes come over Server-Sent Events. "Find an order" opens one order's story
 * (GET /integrations/{id}/orders/{ref}) above the cards; ?order=<ref> opens it on load.
 */
(async function () {
  'use strict';
  const T = window.Tillbridge;
  const { el, when } = T;
  T.header('index.html');
  await T.ensureToken();
  const main = document.querySelector('main');
  let stream = null;
  let refetch = null;
  let cardsTimer = null;
  let latestRun = null;

  // A document fetched before a progress event may arrive after it: the newer run always wins.
  function newer(a, b) {
    if (!a || !b) return a || b;
    return Date.parse(a.updatedAt || 0) > Date.parse(b.updatedAt || 0) ? a : b;
  }

  let shownId = null;

  async function show(integration) {
    if (stream) stream.stop();
    shownId = integration ? integration.integrationId : null;
    const finder = document.getElementById('order-finder');
    if (finder) finder.hidden = !integration;
    const content = document.getElementById('status-content');
    if (!integration) {
      content.replaceChildren(el('p', { class: 'empty', text: 'No integration yet. Create one on the Settings page.' }));
      return;
    }
    const id = integration.integrationId;
    latestRun = null;
    const render = (doc) => {
      latestRun = newer(latestRun, doc.productRun);
      doc.productRun = latestRun;
      content.replaceChildren(...page(doc, integration));
    };
    render(await T.api('/integrations/' + encodeURIComponent(id) + '/status'));
    stream = T.events('/integrations/' + encodeURIComponent(id) + '/events', (name, data) => {
      if (name === 'status') render(data);
      else if (name === 'progress') {
        latestRun = newer(latestRun, data);
        updateProgress(latestRun);
        // The Magento and POS cards name the last product sent; refresh them now and then, not per record.
        if (!cardsTimer) {
          cardsTimer = setTimeout(async () => {
            cardsTimer = null;
            const doc = await T.api('/integrations/' + encodeURIComponent(id) + '/status');
            replace('magento-card', magentoCard(doc));
            replace('pos-card', posCard(doc));
          }, 3000);
        }
      }
      else if (name === 'cycle') replace('cycle-card', cycleCard(data));
      else if (name === 'resync') replace('resync-card', resyncCard(data));
      else if (name === 'alert' || name === 'orders' || name === 'integration') {
        clearTimeout(refetch);
        refetch = setTimeout(async () => render(await T.api('/integrations/' + encodeURIComponent(id) + '/status')), 300);
      }
    });
  }

  function replace(id, node) {
    const old = document.getElementById(id);
    if (old) old.replaceWith(node);
  }

  function page(doc) {
    return [
      el('div', { class: 'grid' },
        magentoCard(doc), posCard(doc), cycleCard(doc.syncCycle), progressCard(doc.productRun),
        ordersCard(doc), alertsCard(doc.alerts || []), resyncCard(doc.resync))
    ];
  }

  // A re-read from a date (POST /integrations/{id}/resync): hidden until the integration has had one.
  function resyncCard(r) {
    const card = el('section', { class: 'card', id: 'resync-card', 'aria-labelledby': 'resync-title' },
      el('h2', { id: 'resync-title', text: 'Resync' }));
    if (!r) {
      card.hidden = true;
      return card;
    }
    const states = { REQUESTED: 'requested', RUNNING: 'running', DONE: 'done', CANCELLED: 'cancelled', FAILED: 'failed' };
    const ok = r.state === 'DONE' || r.state === 'RUNNING' || r.state === 'REQUESTED';
    card.append(el('p', { id: 'resync-line', 'aria-live': 'polite' },
      'Resync from ', when(r.from), r.force ? ' (forced) ' : ' ',
      el('span', { class: 'badge ' + (ok ? 'ok' : 'bad'), id: 'resync-state', text: states[r.state] || r.state }),
      r.cancelRequested && (r.state === 'RUNNING' || r.state === 'REQUESTED') ? ' — cancel requested' : ''));
    card.append(el('dl', {},
      el('dt', { text: 'Read up to' }), el('dd', { id: 'resync-read-up-to' }, r.readUpTo ? when(r.readUpTo) : '–',
        r.upTo ? ' of ' : '', r.upTo ? when(r.upTo) : ''),
      el('dt', { text: 'Orders found' }), el('dd', { id: 'resync-found', text: String(r.ordersFound || 0) }),
      el('dt', { text: 'Orders sent' }), el('dd', { id: 'resync-sent', text: String(r.ordersSent || 0) }),
      el('dt', { text: 'Requested by' }), el('dd', {}, (r.requestedBy || 'an operator') + ', ', when(r.requestedAt))));
    if (r.message) card.append(el('p', { class: 'notice', text: r.message }));
    return card;
  }

  function latest(at, what) {
    return el('p', { class: 'latest' }, 'Most recent activity: ', at ? when(at) : el('span', { class: 'empty', text: 'none yet' }),
      at && what ? ' — ' + what : '');
  }

  function magentoCard(doc) {
    const m = doc.magento || {};
    const what = m.lastActivityAt && m.lastActivityAt === m.lastProductSentAt ? 'product update sent' : 'order downloaded';
    return el('section', { class: 'card', id: 'magento-card', 'aria-labelledby': 'magento-title' },
      el('h2', { id: 'magento-title', text: 'Magento' }),
      latest(m.lastActivityAt, what),
      el('dl', {},
        el('dt', { text: 'Last product update sent' }), el('dd', {}, when(m.lastProductSentAt), m.lastProductSku ? ' (' + m.lastProductSku + ')' : ''),
        el('dt', { text: 'Last order downloaded' }), el('dd', {}, when(m.lastOrderDownloadedAt), m.lastOrderIncrementId ? ' (#' + m.lastOrderIncrementId + ')' : ''),
        el('dt', { text: 'Newest order change in Magento' }), el('dd', {}, when(m.newestOrderUpdatedAt))));
  }

  function posCard(doc) {
    const p = doc.pos || {};
    return el('section', { class: 'card', id: 'pos-card', 'aria-labelledby': 'pos-title' },
      el('h2', { id: 'pos-title', text: p.name ? 'POS: ' + p.name : 'POS' }),
      latest(p.lastActivityAt, null),
      el('dl', {},
        el('dt', { text: 'Last order delivered' }), el('dd', {}, when(p.lastOrderReleasedAt), p.lastOrderIncrementId ? ' (#' + p.lastOrderIncrementId + ')' : ''),
        el('dt', { text: 'Last product update received' }), el('dd', {}, when(p.lastProductUpdateAt))));
  }

  function cycleCard(c) {
    const card = el('section', { class: 'card', id: 'cycle-card', 'aria-labelledby': 'cycle-title' },
      el('h2', { id: 'cycle-title', text: 'Sync cycle' }));
    if (!c) {
      card.append(el('p', { class: 'empty', text: 'No sync cycle yet.' }));
      return card;
    }
    const line = el('p', { id: 'cycle-line' });
    if (c.cycleId) {
      const ok = c.outcome === 'SUCCEEDED';
      line.append('Last sync ', el('span', { class: 'badge ' + (ok ? 'ok' : 'bad'), text: ok ? 'succeeded' : 'failed' }),
        ' at ', when(c.endedAt), ': orders updated ', when(c.windowFrom), ' – ', when(c.windowTo),
        ', ' + (c.ordersSeen || 0) + ' seen.');
    }
    card.append(line);
    if (c.errorMessage) card.append(el('p', { class: 'notice', text: c.errorMessage }));
    if (c.runningCycleId) card.append(el('p', {}, 'A sync is running since ', when(c.runningSince), '.'));
    card.append(el('dl', {}, el('dt', { text: 'Last successful sync' }), el('dd', {}, when(c.lastSuccessfulAt))));
    if (c.changedAfterLastSync) {
      card.append(el('p', { class: 'notice' }, 'Orders were created or updated in Magento (newest ', when(c.magentoNewestUpdatedAt),
        ') after the last order sync; if this persists it indicates an issue.'));
    }
    return card;
  }

  function progressCard(run) {
    const card = el('section', { class: 'card', id: 'progress-card', 'aria-labelledby': 'progress-title' },
      el('h2', { id: 'progress-title', text: 'Product updates' }));
    const label = el('p', { class: 'progress-label', id: 'product-progress-label', 'aria-live': 'polite' });
    const bar = el('progress', { id: 'product-progress', 'aria-labelledby': 'product-progress-label', max: '1', value: '0' });
    const detail = el('p', { id: 'product-progress-detail', class: 'latest' });
    card.append(label, bar, detail);
    fillProgress(run, label, bar, detail);
    return card;
  }

  function fillProgress(run, label, bar, detail) {
    if (!run) {
      label.textContent = 'No product update yet.';
      bar.hidden = true;
      detail.textContent = '';
      return;
    }
    bar.hidden = false;
    label.textContent = run.label;
    bar.max = Math.max(run.total, 1);
    bar.value = run.current;
    const bits = [run.sent + ' sent', run.failed + ' failed'];
    if (run.state === 'RUNNING' && run.ratePerSecond) bits.push(run.ratePerSecond.toFixed(1) + ' per second');
    if (run.state === 'RUNNING' && run.etaSeconds) bits.push('about ' + Math.ceil(run.etaSeconds / 60) + ' min left');
    if (run.restarts) bits.push('started over ' + run.restarts + ' times');
    detail.textContent = bits.join(' · ');
  }

  function updateProgress(run) {
    const label = document.getElementById('product-progress-label');
    if (!label) return;
    fillProgress(run, label, document.getElementById('product-progress'), document.getElementById('product-progress-detail'));
  }

  function ordersCard(doc) {
    const o = doc.orders || { downloaded: { today: 0, last7Days: 0 }, skipped: { today: 0, last7Days: 0 }, skippedByReason: [] };
    const card = el('section', { class: 'card wide', id: 'orders-card', 'aria-labelledby': 'orders-title' },
      el('h2', { id: 'orders-title', text: 'Orders' }),
      el('p', {}, 'Downloaded: ' + o.downloaded.today + ' today, ' + o.downloaded.last7Days + ' in 7 days. ',
        'Skipped: ' + o.skipped.today + ' today, ' + o.skipped.last7Days + ' in 7 days.'));
    if (!o.skippedByReason.length) {
      card.append(el('p', { class: 'empty', text: 'No skipped orders in the last 7 days.' }));
      return card;
    }
    card.append(el('table', { id: 'skipped-table' },
      el('caption', { class: 'visually-hidden', text: 'Skipped orders by reason' }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Reason' }), el('th', { scope: 'col', text: 'Today' }),
        el('th', { scope: 'col', text: '7 days' }), el('th', { scope: 'col', text: 'What to do' }))),
      el('tbody', {}, o.skippedByReason.map((r) => el('tr', {},
        el('td', {}, el('strong', { text: r.reason.replaceAll('_', ' ').toLowerCase() }), el('br'), r.sentence || ''),
        el('td', { text: String(r.today) }), el('td', { text: String(r.last7Days) }), el('td', { text: r.advice || '' }))))));
    return card;
  }

  function alertsCard(alerts) {
    const card = el('section', { class: 'card wide', id: 'alerts-card', 'aria-labelledby': 'alerts-title' },
      el('h2', { id: 'alerts-title', text: 'Active alerts' }));
    if (!alerts.length) {
      card.append(el('p', { class: 'empty', text: 'No active alerts.' }));
      return card;
    }
    card.append(el('ul', { class: 'alerts', role: 'list' }, alerts.map((a) => el('li', {},
      el('strong', { text: a.code.replaceAll('_', ' ') }), ' — ', a.message || '',
      el('p', { class: 'advice' }, el('em', { text: 'What to do: ' }), a.advice || ''),
      el('p', { class: 'latest' }, 'Since ', when(a.firstSeenAt), a.occurrences > 1 ? ', ' + a.occurrences + ' times' : '')))));
    return card;
  }

  // "Find an order": the story of one order, by increment id (#000000123) or Magento entity id.
  function orderFinder() {
    const input = el('input', { id: 'order-ref', type: 'search', name: 'order', autocomplete: 'off', spellcheck: 'false',
      maxlength: '51', placeholder: '#000000123 or entity id', 'aria-describedby': 'order-ref-hint' });
    input.value = T.params.get('order') || '';
    return el('form', { id: 'order-finder', role: 'search', class: 'finder', onsubmit: (e) => {
      e.preventDefault();
      openStory(input.value.trim());
    } },
      el('label', { for: 'order-ref', text: 'Find an order' }),
      el('div', { class: 'finder-row' }, input, el('button', { class: 'primary', type: 'submit', id: 'order-find' }, 'Find')),
      el('p', { id: 'order-ref-hint', class: 'hint', text: 'The order number the store shows (#000000123) or its entity id.' }));
  }

  async function openStory(ref) {
    const box = document.getElementById('order-story');
    const url = new URL(location.href);
    if (ref) url.searchParams.set('order', ref); else url.searchParams.delete('order');
    history.replaceState(null, '', url);
    if (!ref || !shownId) { box.replaceChildren(); return; }
    box.replaceChildren(el('p', { class: 'empty', text: 'Looking for order ' + ref + '…' }));
    try {
      const story = await T.api('/integrations/' + encodeURIComponent(shownId) + '/orders/' + encodeURIComponent(ref));
      box.replaceChildren(story.seen ? storyCard(story) : notSeenCard(story));
    } catch (e) {
      if (e.status === 401) return;
      const why = e.problem && e.problem.errors ? e.problem.errors.map((f) => f.message).join('; ') : e.message;
      box.replaceChildren(el('section', { class: 'card', id: 'story-card' },
        el('p', { role: 'alert', class: 'notice', text: 'Cannot look up “' + ref + '”: ' + why })));
    }
    const card = document.getElementById('story-card');
    if (card) card.focus();
  }

  const KIND = { SEEN: 'Seen', SKIPPED: 'Skipped', RELEASED: 'Released', REDOWNLOAD_REQUESTED: 'Re-download',
    INVOICE: 'Invoice', LOG: 'Log' };

  function storyCard(s) {
    const title = 'Order #' + (s.incrementId || '?') + ' (entity id ' + s.entityId + ')';
    const c = s.current || {};
    const badge = c.decision === 'RELEASED' ? 'ok' : c.decision === 'SKIPPED' ? 'bad' : 'warn';
    const card = el('section', { class: 'card wide story', id: 'story-card', tabindex: '-1', 'aria-labelledby': 'story-title' },
      el('h2', { id: 'story-title', text: title }),
      el('p', { id: 'story-current' }, el('span', { class: 'badge ' + badge, text: (c.decision || '').toLowerCase() }), ' ', c.summary || ''));
    if (c.advice) card.append(el('p', { class: 'advice' }, el('em', { text: 'What to do: ' }), c.advice));
    card.append(el('ol', { id: 'story-facts', class: 'story-facts' }, s.facts.map((f) => el('li', { 'data-kind': f.kind },
      el('span', { class: 'fact-when' }, when(f.at)), ' ',
      el('span', { class: 'badge fact-kind', text: KIND[f.kind] || f.kind }), ' ',
      el('span', { class: 'fact-summary', text: f.summary || '' }),
      f.kind === 'SKIPPED' && f.advice ? el('p', { class: 'advice' }, el('em', { text: 'What to do: ' }), f.advice) : null))));
    if (s.factsDropped) {
      card.append(el('p', { class: 'latest', text: s.factsDropped + ' older versions are not shown (the story keeps the newest).' }));
    }
    return card;
  }

  function notSeenCard(s) {
    const n = s.notSeen || {};
    const card = el('section', { class: 'card wide story', id: 'story-card', tabindex: '-1', 'aria-labelledby': 'story-title' },
      el('h2', { id: 'story-title', text: 'Order ' + s.ref + ': not seen' }),
      el('p', { id: 'story-current', text: 'Tillbridge has no record of this order. Likely reasons:' }),
      el('ul', { id: 'not-seen-reasons' }, (n.likelyReasons || []).map((r) => el('li', { 'data-code': r.code },
        el('strong', { text: r.code.replaceAll('_', ' ').toLowerCase() }), ': ', r.sentence))));
    const cycle = n.lastCycle;
    card.append(el('dl', {},
      el('dt', { text: 'Orders read up to (watermark)' }), el('dd', { id: 'story-watermark' }, when(n.watermark)),
      el('dt', { text: 'Last sync cycle read' }), el('dd', { id: 'story-window' },
        cycle ? [when(cycle.windowFrom), ' – ', when(cycle.windowTo)] : el('span', { class: 'empty', text: 'no cycle yet' }))));
    return card;
  }

  main.replaceChildren(el('h1', { text: 'Status' }));
  try {
    const { chosen, picker } = await T.pickIntegration(async (integration) => {
      await show(integration);
      openStory('');
      document.getElementById('order-ref').value = '';
    });
    main.append(el('div', { class: 'toolbar' }, picker, orderFinder()), el('div', { id: 'order-story', 'aria-live': 'polite' }),
      el('div', { id: 'status-content' }));
    await show(chosen);
    if (T.params.get('order')) openStory(T.params.get('order'));
  } catch (e) {
    if (e.status !== 401) main.append(el('p', { role: 'alert', text: 'Could not load the status: ' + e.message }));
  }
})();
