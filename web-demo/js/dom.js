// A small DOM builder: every text goes in as a text node, never as HTML, so nothing a user types
// (or the module answers) can become markup. No inline styles anywhere (the CSP forbids them).

/**
 * el('p', { class: 'govuk-body', id: 'x' }, 'text', child, [more, children])
 * Attribute values of `false`, `null` or `undefined` are left out; `true` gives an empty attribute.
 * `on: { click: fn }` adds listeners; `dataset: {…}` sets data-* attributes.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'on') {
      for (const [type, fn] of Object.entries(v)) node.addEventListener(type, fn);
    } else if (k === 'dataset') {
      for (const [dk, dv] of Object.entries(v)) if (dv !== undefined && dv !== null) node.dataset[dk] = String(dv);
    } else if (k === 'value') {
      node.value = v;
    } else if (k === 'checked' || k === 'selected') {
      node[k] = Boolean(v);
      if (v) node.setAttribute(k, '');
    } else {
      node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(node, children);
  return node;
}

export function append(node, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Upper-case the first letter, as GOV.UK messages start. */
export function sentence(s) {
  const t = String(s ?? '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * The module writes code-like values between backticks (`2019/0123456A`). Show them as
 * <code> so they stand out without the backticks.
 */
export function richText(s) {
  const parts = String(s ?? '').split('`');
  return parts.map((p, i) => (i % 2 === 1 ? el('code', { class: 'app-code' }, p) : p));
}

/** Plain text for a message with backticks (for titles and link text that must stay text). */
export function plainText(s) {
  return String(s ?? '').replace(/`([^`]*)`/g, '“$1”');
}

/** A GOV.UK summary list from [key, value] rows; `value` may be nodes. Rows with no value show "Not given". */
export function summaryList(rows, opts = {}) {
  return el(
    'dl',
    { class: `govuk-summary-list${opts.noBorder ? ' govuk-summary-list--no-border' : ''}`, id: opts.id },
    rows
      .filter(Boolean)
      .map(([key, value, action]) =>
        el(
          'div',
          { class: `govuk-summary-list__row${action ? '' : ' govuk-summary-list__row--no-actions'}` },
          el('dt', { class: 'govuk-summary-list__key' }, key),
          el('dd', { class: 'govuk-summary-list__value' }, isEmpty(value) ? el('span', { class: 'app-muted' }, opts.empty ?? 'Not given') : value),
          action ? el('dd', { class: 'govuk-summary-list__actions' }, action) : null,
        ),
      ),
  );
}

function isEmpty(v) {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

export function tag(text, colour) {
  return el('strong', { class: `govuk-tag${colour ? ` govuk-tag--${colour}` : ''}` }, text);
}

export function heading(level, text, cls, attrs = {}) {
  const size = { 1: 'govuk-heading-l', 2: 'govuk-heading-m', 3: 'govuk-heading-s' }[level];
  return el(`h${level}`, { class: cls ?? size, ...attrs }, text);
}

export function para(...children) {
  return el('p', { class: 'govuk-body' }, ...children);
}

export function link(href, text, attrs = {}) {
  return el('a', { class: 'govuk-link', href, ...attrs }, text);
}

/** An outside source: a link that opens nothing by itself (no prefetch), marked when weak. */
export function sourceLink(src) {
  const title = src.title || src.url || src.key;
  const node = /^https?:\/\//.test(src.url || '')
    ? el('a', { class: 'govuk-link', href: src.url, rel: 'noreferrer noopener external', target: '_blank' }, title, el('span', { class: 'govuk-visually-hidden' }, ' (opens in new tab)'))
    : el('span', {}, title);
  return el('span', { class: 'app-source' }, node, src.weak ? el('span', { class: 'app-muted' }, ' (weak source)') : null);
}
