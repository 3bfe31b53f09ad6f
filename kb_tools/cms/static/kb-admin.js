/* Kunskapsbanken: what the admin page adds to Decap CMS.
 *
 * - the `kb-frontmatter` format (kb-frontmatter.js), which every collection
 *   of the generated config.yml reads and writes with;
 * - the site's stylesheets in the preview pane;
 * - a preview per document type that shows the page as the site does: the
 *   title, the metadata panel, the text, the organisation and the contact
 *   cards, with the markup and classes of kb_tools/site/panels.py.
 *
 * The bank's facts (owners, review intervals, Swedish names) come from the
 * JSON in the page (`#kb-cms-data`), written by kb_tools/cms/admin.py.
 * Everything shown is text or an attribute that React escapes; links are
 * made only for tel:, mailto: and http(s) addresses.
 */
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('kb-cms-data').textContent);
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;

  CMS.registerCustomFormat('kb-frontmatter', 'md', window.KBFrontMatter.create(data.format));

  // The text opens in Markdown mode unless the editor chose otherwise: the
  // rich-text mode rewrites the whole text when saving (list markers, boxes
  // written with !!!), so a one-word change would touch every line.
  try {
    if (window.localStorage.getItem('cms.md-mode') === null) {
      window.localStorage.setItem('cms.md-mode', 'raw');
    }
  } catch (error) {
    // Storage blocked: Decap's default applies.
  }
  data.styles.forEach(function (href) {
    CMS.registerPreviewStyle(new URL(href, document.baseURI).href);
  });
  // A text that starts with its own "# heading" shows it as the page title,
  // as the site does; the preview writes it once, above the panel.
  CMS.registerPreviewStyle('.kb-preview > div > h1:first-child { display: none; }', { raw: true });

  // --- dates and durations, as kb_tools.text.swedish and kb_tools.fields.durations

  function parseDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof value === 'string' ? value : '');
    if (!match) {
      return null;
    }
    var day = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3]));
    return day.getUTCMonth() === +match[2] - 1 ? day : null;
  }

  function iso(day) {
    return day.toISOString().slice(0, 10);
  }

  function swedishDate(day) {
    return day.getUTCDate() + ' ' + data.months[day.getUTCMonth()] + ' ' + day.getUTCFullYear();
  }

  function parseDuration(text) {
    var match = /^\s*(\d{1,4})\s*(\S+)\s*$/.exec(typeof text === 'string' ? text : '');
    var unit = match && data.units[match[2].toLowerCase()];
    if (!unit) {
      return null;
    }
    var amount = +match[1] * unit[1];
    return unit[0] === 'months' ? { months: amount, days: 0 } : { months: 0, days: amount };
  }

  function after(day, span) {
    var index = day.getUTCFullYear() * 12 + day.getUTCMonth() + span.months;
    var year = Math.floor(index / 12);
    var month = index % 12;
    var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    var moved = new Date(Date.UTC(year, month, Math.min(day.getUTCDate(), last)));
    return new Date(moved.getTime() + span.days * 86400000);
  }

  function today() {
    var now = new Date();
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  // --- the panels of kb_tools/site/panels.py ----------------------------------

  function time(day) {
    return h('time', { dateTime: iso(day) }, swedishDate(day));
  }

  function row(label, value) {
    return h('div', { key: label }, h('dt', null, label), h('dd', null, value));
  }

  function tel(number) {
    return h('a', { href: 'tel:' + number.replace(/[^+0-9]/g, '') }, number);
  }

  function mailto(address) {
    return h('a', { href: 'mailto:' + address }, address);
  }

  function bodyTitle(body) {
    var match = /^\s*#[ \t]+([^\n]*?)[ \t#]*(?:\n|$)/.exec(typeof body === 'string' ? body : '');
    return match ? match[1] : null;
  }

  function text(value) {
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  }

  function header(docType, get) {
    var owner = data.owners[get('owner')];
    var reviewed = parseDate(get('reviewed'));
    if (docType === 'page' && !owner && !reviewed) {
      return null;
    }
    var status = get('status') || 'active';
    var rows = [row('Typ', data.typeNames[docType])];
    if (owner) {
      rows.push(row('Ägare', owner));
    }
    if (reviewed) {
      rows.push(row('Senast granskad', time(reviewed)));
      var every = parseDuration(get('review_every')) || data.reviewEvery[docType];
      if (every && status !== 'retired') {
        rows.push(row('Nästa granskning', time(after(reviewed, every))));
      }
    }
    rows.push(row('Status', data.statusNames[status] || status));
    if (docType === 'agreement') {
      var from = parseDate(get('valid_from'));
      var until = parseDate(get('valid_until'));
      if (from) {
        rows.push(row('Giltig från', time(from)));
      }
      rows.push(row('Giltig till', until ? time(until) : 'Tills vidare'));
      var notice = parseDuration(get('notice'));
      if (notice) {
        rows.push(row('Uppsägningstid', get('notice').trim().replace(/^(\d+)\s*(\S+)$/, function (all, n, unit) {
          return n + ' ' + (data.unitNames[unit.toLowerCase()] || unit);
        })));
      }
    }
    return h('dl', { className: 'kb-meta' }, rows);
  }

  function organisation(get) {
    var rows = [];
    if (text(get('phone'))) {
      rows.push(row('Växel', tel(text(get('phone')))));
    }
    if (text(get('email'))) {
      rows.push(row('E-post', mailto(text(get('email')))));
    }
    var website = text(get('website'));
    if (website && /^https?:\/\//i.test(website)) {
      rows.push(row('Webbplats', h('a', { href: website }, website)));
    }
    if (text(get('address'))) {
      rows.push(row('Adress', text(get('address'))));
    }
    if (!rows.length) {
      return null;
    }
    return h('section', { className: 'kb-section kb-organisation' },
      h('h2', { id: 'kb-organisation' }, 'Organisationen'),
      h('dl', { className: 'kb-meta kb-meta--plain' }, rows));
  }

  function contactCard(contact, index) {
    var verified = parseDate(contact.verified);
    var stale = verified !== null && after(verified, data.contactMaxAge) < today();
    var lines = [
      h('h3', { key: 'name' }, text(contact.name) || 'Namn saknas'),
      h('p', { key: 'role', className: 'kb-contact__role' }, text(contact.role)),
    ];
    if (text(contact.phone)) {
      lines.push(h('p', { key: 'phone', className: 'kb-contact__phone' }, tel(text(contact.phone))));
    }
    if (text(contact.email)) {
      lines.push(h('p', { key: 'email', className: 'kb-contact__email' }, mailto(text(contact.email))));
    }
    if (text(contact.note)) {
      lines.push(h('p', { key: 'note', className: 'kb-contact__note' }, text(contact.note)));
    }
    if (verified) {
      lines.push(h('p', { key: 'verified', className: 'kb-contact__verified' },
        'Uppgifterna bekräftade ', time(verified)));
    }
    if (stale) {
      lines.push(h('p', { key: 'stale', className: 'kb-contact__stale' },
        'Behöver bekräftas igen: uppgifterna kan vara inaktuella.'));
    }
    return h('article', { key: index, className: stale ? 'kb-contact kb-contact--stale' : 'kb-contact' }, lines);
  }

  function contacts(get) {
    var list = get('contacts');
    if (!Array.isArray(list) || !list.length) {
      return null;
    }
    return h('section', { className: 'kb-section kb-contacts' },
      h('h2', { id: 'kb-kontaktpersoner' }, 'Kontaktpersoner'),
      h('div', { className: 'kb-contact-grid' }, list.filter(function (item) {
        return item !== null && typeof item === 'object';
      }).map(contactCard)));
  }

  function terms(get) {
    var list = get('terms');
    if (!Array.isArray(list) || !list.length) {
      return null;
    }
    return h('table', null,
      h('thead', null, h('tr', null, h('th', null, 'Förkortning'), h('th', null, 'Betydelse'),
        h('th', null, 'Förklaring'))),
      h('tbody', null, list.filter(function (item) {
        return item !== null && typeof item === 'object';
      }).map(function (item, index) {
        return h('tr', { key: index }, h('td', null, text(item.term)), h('td', null, text(item.expansion)),
          h('td', null, text(item.description)));
      })));
  }

  function preview(docType) {
    return createClass({
      render: function () {
        var entry = this.props.entry;
        var get = function (key) {
          var value = entry.getIn(['data', key]);
          return value && typeof value.toJS === 'function' ? value.toJS() : value;
        };
        return h('article', Object.assign({ className: 'md-content__inner md-typeset kb-preview' }, data.palette),
          h('h1', null, bodyTitle(get('body')) || text(get('title')) || ''),
          header(docType, get),
          this.props.widgetFor('body'),
          docType === 'partner' ? organisation(get) : null,
          docType === 'partner' ? contacts(get) : null,
          docType === 'glossary' ? terms(get) : null);
      },
    });
  }

  Object.keys(data.previews).forEach(function (name) {
    CMS.registerPreviewTemplate(name, preview(data.previews[name]));
  });
})();
