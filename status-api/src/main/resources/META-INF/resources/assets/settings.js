/*
 * Integration settings: Order Download Mode, sync interval, notification e-mails, enabled, and the Magento
 * access token (write-only: the field is always empty; leaving it empty keeps the stored one). Sends only
 * what changed (JSON merge patch); a refused field shows its error beside it.
 */
(async function () {
  'use strict';
  const T = window.Tillbridge;
  const { el } = T;
  T.header('settings.html');
  await T.ensureToken();
  const main = document.querySelector('main');
  main.replaceChildren(el('h1', { text: 'Integration settings' }));

  function field(id, labelText, input, hint) {
    input.id = id;
    const hintEl = hint ? el('p', { class: 'hint', id: id + '-hint', text: hint }) : null;
    const error = el('p', { class: 'error', id: id + '-error', hidden: true });
    input.setAttribute('aria-describedby', [hint ? id + '-hint' : null, id + '-error'].filter(Boolean).join(' '));
    return el('div', { class: 'field' }, el('label', { for: id, text: labelText }), input, hintEl, error);
  }

  function form(integration) {
    const creating = !integration;
    const i = integration || { downloadMode: 'AUTO_INVOICE', syncIntervalSeconds: 60, notificationEmails: [], enabled: true, magento: {} };
    const mode = (value, text, hint) => el('label', { class: 'choice' },
      el('input', { type: 'radio', name: 'downloadMode', value, checked: i.downloadMode === value }), el('span', {}, el('strong', { text }), ' — ' + hint));
    const name = el('input', { type: 'text', name: 'name', value: i.name || '', required: creating, maxlength: '200', autocomplete: 'off' });
    const baseUrl = el('input', { type: 'url', name: 'magento.baseUrl', value: i.magento.baseUrl || '', required: creating, autocomplete: 'off' });
    const token = el('input', { type: 'password', name: 'magento.credentials.accessToken', value: '', autocomplete: 'new-password', required: creating });
    const interval = el('input', { type: 'number', name: 'syncIntervalSeconds', min: '10', max: '86400', step: '1', value: String(i.syncIntervalSeconds), inputmode: 'numeric' });
    const emails = el('textarea', { name: 'notificationEmails', rows: '3', autocomplete: 'off' }, (i.notificationEmails || []).join('\n'));
    const enabled = el('input', { type: 'checkbox', name: 'enabled', checked: i.enabled });
    const status = el('p', { class: 'status-line', id: 'settings-status', role: 'status' });

    const formEl = el('form', { id: 'settings-form', novalidate: true, 'aria-describedby': 'settings-status' },
      field('name', 'Name', name),
      field('magento.baseUrl', 'Magento base URL', baseUrl, 'For example https://shop.example.com'),
      field('magento.credentials.accessToken', 'Magento access token', token,
        creating ? 'The integration token from Magento (System › Extensions › Integrations).'
          : (i.magento.credentialsSet ? 'A token is stored and never shown. Leave empty to keep it.' : 'No token stored yet.')),
      el('fieldset', { 'aria-describedby': 'downloadMode-error' }, el('legend', { text: 'Order Download Mode' }),
        mode('AUTO_INVOICE', 'Auto-Invoice', 'download orders before they are invoiced; Tillbridge invoices them in Magento.'),
        mode('WAIT_FOR_INVOICE', 'Wait-For-Invoice', 'download orders once Magento has invoiced them.'),
        el('p', { class: 'error', id: 'downloadMode-error', hidden: true })),
      field('syncIntervalSeconds', 'Sync interval (seconds)', interval, 'How often Magento is asked for new and changed orders: 10 to 86400.'),
      field('notificationEmails', 'Notification e-mails', emails, 'One address per line. Alerts are mailed here every 10 minutes until resolved.'),
      el('div', { class: 'field' }, el('label', { class: 'choice', for: 'enabled' }, enabled, el('span', { text: 'Enabled (sync orders and products)' }))),
      el('button', { class: 'primary', type: 'submit' }, creating ? 'Create integration' : 'Save changes'),
      status);
    enabled.id = 'enabled';

    formEl.addEventListener('submit', async (e) => {
      e.preventDefault();
      formEl.querySelectorAll('.error').forEach((p) => { p.hidden = true; p.textContent = ''; });
      formEl.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
      const body = {};
      const chosenMode = formEl.querySelector('input[name="downloadMode"]:checked');
      const emailList = emails.value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
      if (creating || name.value.trim() !== (i.name || '')) body.name = name.value.trim();
      if (chosenMode && chosenMode.value !== i.downloadMode) body.downloadMode = chosenMode.value;
      if (creating || Number(interval.value) !== i.syncIntervalSeconds) body.syncIntervalSeconds = interval.value === '' ? null : Number(interval.value);
      if (creating || emailList.join('\n') !== (i.notificationEmails || []).join('\n')) body.notificationEmails = emailList;
      if (enabled.checked !== i.enabled) body.enabled = enabled.checked;
      const magento = {};
      if (creating || baseUrl.value.trim() !== (i.magento.baseUrl || '')) magento.baseUrl = baseUrl.value.trim();
      if (token.value) magento.credentials = { kind: 'bearer', accessToken: token.value };
      if (Object.keys(magento).length) body.magento = magento;
      if (!Object.keys(body).length) { status.textContent = 'Nothing changed.'; return; }
      status.textContent = 'Saving…';
      try {
        const saved = creating
          ? await T.api('/integrations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
          : await T.api('/integrations/' + encodeURIComponent(i.integrationId),
            { method: 'PATCH', headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify(body) });
        token.value = '';
        if (creating) {
          location.href = 'settings.html?integration=' + encodeURIComponent(saved.integrationId);
          return;
        }
        Object.assign(i, saved);
        status.textContent = 'Saved (revision ' + saved.revision + ').';
      } catch (err) {
        if (err.status === 401) return;
        const errors = (err.problem && err.problem.errors) || [];
        for (const fe of errors) {
          const key = fe.field.replace(/\[\d+\]$/, '');
          const target = document.getElementById(key + '-error');
          if (target) {
            target.hidden = false;
            target.textContent = fe.message;
            const input = document.getElementById(key);
            if (input) input.setAttribute('aria-invalid', 'true');
          }
        }
        status.textContent = 'Not saved: ' + err.message;
        const firstInvalid = formEl.querySelector('[aria-invalid="true"]');
        if (firstInvalid) firstInvalid.focus();
      }
    });
    return formEl;
  }

  try {
    const { list, chosen, picker } = await T.pickIntegration((i) => {
      document.getElementById('settings-form').replaceWith(form(i));
    });
    if (list.length) main.append(el('div', { class: 'toolbar' }, picker));
    else main.append(el('p', { text: 'No integration yet: create the first one.' }));
    main.append(form(chosen));
  } catch (e) {
    if (e.status !== 401) main.append(el('p', { role: 'alert', text: 'Could not load the settings: ' + e.message }));
  }
})();
