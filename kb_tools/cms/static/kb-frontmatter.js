/* Kunskapsbanken: the front-matter format the CMS reads and writes.
 *
 * Decap's own YAML writer folds lines longer than 80 columns, turns
 * `[a, b]` lists into block lists and drops comments, so every save would
 * rewrite lines nobody touched. This format keeps the text it read: every
 * key, list item and comment whose value the editor did not change is
 * written back byte for byte, and only changed values are written anew, in
 * the bank's house style (the style `kb new` writes):
 *
 * - plain scalars where YAML 1.1 (PyYAML, which `kb check` and MkDocs use)
 *   reads them back as the same text, double quotes otherwise;
 * - dates as YYYY-MM-DD, unquoted, so they stay dates;
 * - `[a, b]` for lists of words and ids, block lists for contacts and terms;
 * - no line folding; keys in the order of the form (the order `kb new`
 *   writes); empty optional values left out.
 *
 * Every file written is read back and compared with what the form holds;
 * a mismatch is an error shown in the editor, never a wrong file.
 *
 * kb-admin.js registers it as the `kb-frontmatter` format; the tests load it
 * under node (`module.exports`).
 */
(function (root, factory) {
  'use strict';
  if (typeof module === 'object' && module.exports) {
    module.exports = factory(require('js-yaml'));
  } else {
    root.KBFrontMatter = factory(root.jsyaml);
  }
})(typeof self !== 'undefined' ? self : this, function (jsyaml) {
  'use strict';

  // The file as read, kept in the entry's data so that saving can compare.
  var SOURCE = '__kb_source';

  // --- reading ------------------------------------------------------------

  var TRUE_WORDS = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
  var FALSE_WORDS = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

  // Booleans as YAML 1.1 reads them (PyYAML: `public: yes` is true).
  var bool11 = new jsyaml.Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: function (text) {
      return text !== null && (TRUE_WORDS.test(text) || FALSE_WORDS.test(text));
    },
    construct: function (text) {
      return TRUE_WORDS.test(text);
    },
    predicate: function (value) {
      return typeof value === 'boolean';
    },
    represent: {
      lowercase: function (value) {
        return value ? 'true' : 'false';
      },
    },
    defaultStyle: 'lowercase',
  });

  // No timestamp type: dates stay YYYY-MM-DD text, as the date pickers
  // read and write them.
  var SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [bool11] });

  function parse(text) {
    // `json: true`: a repeated key keeps its last value, as PyYAML does.
    var value = jsyaml.load(text, { schema: SCHEMA, json: true });
    return value === undefined ? null : value;
  }

  var OPENING = /^---[ \t]*\n/;
  var CLOSING = /\n(---|\.\.\.)[ \t]*(?:\n|$)/;

  function split(content) {
    var bom = content.charCodeAt(0) === 0xfeff;
    var text = bom ? content.slice(1) : content;
    var crlf = text.indexOf('\r\n') >= 0;
    text = text.replace(/\r\n/g, '\n');
    var file = { bom: bom, crlf: crlf, front: null, body: text, closer: '---' };
    if (!OPENING.test(text)) {
      return file;
    }
    var rest = text.slice(text.indexOf('\n') + 1);
    var empty = /^(---|\.\.\.)[ \t]*(?:\n|$)/.exec(rest);
    if (empty) {
      file.front = '';
      file.closer = empty[1];
      file.body = rest.slice(rest.indexOf('\n') + 1 || rest.length);
      return file;
    }
    var closing = CLOSING.exec(rest);
    if (closing === null) {
      return file;
    }
    file.front = rest.slice(0, closing.index + 1);
    file.closer = closing[1];
    file.body = rest.slice(closing.index + closing[0].length);
    return file;
  }

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  // --- comparing ----------------------------------------------------------

  function deepEqual(a, b) {
    if (a === b) {
      return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      return a.length === b.length && a.every(function (item, i) {
        return deepEqual(item, b[i]);
      });
    }
    if (isObject(a) && isObject(b)) {
      var keys = Object.keys(a);
      return keys.length === Object.keys(b).length && keys.every(function (key) {
        return own(b, key) && deepEqual(a[key], b[key]);
      });
    }
    return false;
  }

  // Equal as the file means it: empty optional values count as absent.
  function same(a, b) {
    var left = prune(a);
    var right = prune(b);
    return deepEqual(left, right) || (isBlank(left) && isBlank(right));
  }

  function isBlank(value) {
    return isEmpty(value) || (isObject(value) && Object.keys(value).length === 0);
  }

  function isEmpty(value) {
    return value === null || value === undefined || value === '' ||
      (Array.isArray(value) && value.length === 0);
  }

  // A value without its empty parts: what an emptied form field means.
  function prune(value) {
    if (Array.isArray(value)) {
      return value.filter(function (item) {
        return item !== null && item !== undefined && item !== '';
      }).map(prune);
    }
    if (isObject(value)) {
      var result = {};
      Object.keys(value).forEach(function (key) {
        var item = prune(value[key]);
        if (!isEmpty(item)) {
          result[key] = item;
        }
      });
      return result;
    }
    return value;
  }

  // --- writing scalars ----------------------------------------------------

  // What YAML 1.1 (PyYAML's resolver) reads as something other than text.
  var IMPLICIT = [
    /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
    /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
    /^(?:~|null|Null|NULL|<<|=)$/,
    /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  ];
  var DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
  // Characters PyYAML refuses in a file, or reads as line breaks.
  var UNPRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

  function plainIsSafe(text, flow) {
    if (text === '' || text !== text.trim()) {
      return false;
    }
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/.test(text)) {
      return false;
    }
    if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /:(?:\s|$)|\s#/.test(text)) {
      return false;
    }
    if (flow && /[,[\]{}:]/.test(text)) {
      return false;
    }
    if (IMPLICIT.some(function (pattern) { return pattern.test(text); })) {
      return false;
    }
    try {
      return parse(text) === text;
    } catch (error) {
      return false;
    }
  }

  function quote(text) {
    return JSON.stringify(text).replace(UNPRINTABLE, function (char) {
      return '\\u' + ('000' + char.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  function scalar(value, key, options, flow) {
    if (value === null || value === undefined) {
      return 'null';
    }
    if (typeof value === 'boolean') {
      return value ? 'true' : 'false';
    }
    if (typeof value === 'number') {
      return isFinite(value) ? String(value) : (isNaN(value) ? '.nan' : (value > 0 ? '.inf' : '-.inf'));
    }
    var text = String(value);
    if (options.dateKeys.indexOf(key) >= 0 && DATE.test(text)) {
      return text;
    }
    return plainIsSafe(text, flow) ? text : quote(text);
  }

  function keyText(key) {
    return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && plainIsSafe(key, false) ? key : quote(key);
  }

  function isScalar(value) {
    return value === null || typeof value !== 'object';
  }

  function spaces(count) {
    return new Array(count + 1).join(' ');
  }

  // --- writing in the house style -----------------------------------------

  function ordered(object, order) {
    var keys = Object.keys(object);
    var known = (order || []).filter(function (key) {
      return keys.indexOf(key) >= 0;
    });
    return known.concat(keys.filter(function (key) {
      return known.indexOf(key) < 0;
    }));
  }

  function emitPair(key, value, indent, options) {
    var head = spaces(indent) + keyText(key) + ':';
    if (isScalar(value)) {
      return [head + ' ' + scalar(value, key, options, false)];
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        return [head + ' []'];
      }
      if (value.every(isScalar)) {
        return [head + ' [' + value.map(function (item) {
          return scalar(item, key, options, true);
        }).join(', ') + ']'];
      }
      return [head].concat(emitSequence(value, indent + 2, key, options));
    }
    if (Object.keys(value).length === 0) {
      return [head + ' {}'];
    }
    return [head].concat(emitMapping(value, indent + 2, options.itemOrder[key], options));
  }

  function emitMapping(object, indent, order, options) {
    var lines = [];
    ordered(object, order).forEach(function (key) {
      lines = lines.concat(emitPair(key, object[key], indent, options));
    });
    return lines;
  }

  function asItem(lines, indent) {
    // A mapping written at indent+2 becomes a list item: `- first: line`.
    lines[0] = spaces(indent) + '- ' + lines[0].slice(indent + 2);
    return lines;
  }

  function emitItem(item, indent, key, options) {
    if (isScalar(item)) {
      return [spaces(indent) + '- ' + scalar(item, key, options, false)];
    }
    if (Array.isArray(item)) {
      if (item.length === 0 || item.every(isScalar)) {
        return [spaces(indent) + '- [' + item.map(function (part) {
          return scalar(part, key, options, true);
        }).join(', ') + ']'];
      }
      return asItem(emitSequence(item, indent + 2, key, options), indent);
    }
    if (Object.keys(item).length === 0) {
      return [spaces(indent) + '- {}'];
    }
    return asItem(emitMapping(item, indent + 2, options.itemOrder[key], options), indent);
  }

  function emitSequence(items, indent, key, options) {
    var lines = [];
    items.forEach(function (item) {
      lines = lines.concat(emitItem(item, indent, key, options));
    });
    return lines;
  }

  // --- keeping what was not changed ----------------------------------------

  function indentOf(line) {
    return line.length - line.replace(/^ +/, '').length;
  }

  function isNote(line) {
    return /^\s*(?:#.*)?$/.test(line);
  }

  function dedent(lines, indent) {
    return lines.map(function (line) {
      return indentOf(line) >= indent ? line.slice(indent) : line.replace(/^ +/, '');
    }).join('\n') + '\n';
  }

  var KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)/;

  // The lines of a block mapping at `indent`, one part per key; comments and
  // blank lines go with the key after them. Null when the text is not a
  // plain block mapping this code can take apart safely.
  function splitMapping(lines, indent, old) {
    var parts = [];
    var pending = [];
    var current = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (isNote(line)) {
        pending.push(line);
        continue;
      }
      var starts = indentOf(line) === indent && KEY_LINE.exec(line.slice(indent));
      if (starts && line.charAt(indent) !== '-') {
        if (current) {
          parts.push(current);
        }
        current = { key: starts[1], notes: pending, lines: [line] };
        pending = [];
      } else if (current && (indentOf(line) > indent || line.charAt(indent) === '-')) {
        current.lines = current.lines.concat(pending, [line]);
        pending = [];
      } else {
        return null;
      }
    }
    if (current) {
      parts.push(current);
    }
    var keys = parts.map(function (part) { return part.key; });
    if (keys.length !== Object.keys(old).length) {
      return null;
    }
    for (var j = 0; j < parts.length; j++) {
      var part = parts[j];
      if (keys.indexOf(part.key) !== j || !own(old, part.key)) {
        return null;
      }
      var read;
      try {
        read = parse(dedent(part.lines, indent));
      } catch (error) {
        return null;
      }
      if (!isObject(read) || Object.keys(read).length !== 1 || !deepEqual(read[part.key], old[part.key])) {
        return null;
      }
    }
    return { parts: parts, tail: pending };
  }

  // The items of a block list at `indent`.
  function splitSequence(lines, indent, old) {
    var items = [];
    var pending = [];
    var current = null;
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      if (isNote(line)) {
        pending.push(line);
        continue;
      }
      if (indentOf(line) === indent && /^-(?:[ \t]|$)/.test(line.slice(indent))) {
        if (current) {
          items.push(current);
        }
        current = { notes: pending, lines: [line] };
        pending = [];
      } else if (current && indentOf(line) > indent) {
        current.lines = current.lines.concat(pending, [line]);
        pending = [];
      } else {
        return null;
      }
    }
    if (current) {
      items.push(current);
    }
    if (items.length !== old.length) {
      return null;
    }
    for (var j = 0; j < items.length; j++) {
      var read;
      try {
        read = parse(dedent(items[j].lines, indent));
      } catch (error) {
        return null;
      }
      if (!Array.isArray(read) || read.length !== 1 || !deepEqual(read[0], old[j])) {
        return null;
      }
    }
    return { items: items, tail: pending };
  }

  // The value lines of a `key:` part whose value is a block below it.
  function blockBelow(part) {
    var after = part.lines[0].trim().slice(part.key.length).replace(/^[ \t]*:/, '');
    if (!/^[ \t]*(?:#.*)?$/.test(after)) {
      return null;
    }
    var below = part.lines.slice(1);
    var first = below.filter(function (line) { return !isNote(line); })[0];
    return first === undefined ? null : { lines: below, indent: indentOf(first), first: first };
  }

  function patchValue(part, indent, oldValue, newValue, options) {
    var block = blockBelow(part);
    if (block !== null) {
      var isList = block.first.slice(block.indent).charAt(0) === '-';
      var patched = null;
      if (isList && Array.isArray(oldValue) && Array.isArray(newValue) && newValue.length > 0 &&
          !newValue.every(isScalar)) {
        patched = patchSequence(block.lines, block.indent, oldValue, newValue, part.key, options);
      } else if (!isList && block.indent > indent && isObject(oldValue) && isObject(newValue) &&
          Object.keys(newValue).length > 0) {
        patched = patchMapping(block.lines, block.indent, oldValue, newValue,
          options.itemOrder[part.key], options);
      }
      if (patched !== null) {
        return [part.lines[0]].concat(patched);
      }
    }
    return emitPair(part.key, newValue, indent, options);
  }

  function patchItem(item, indent, oldValue, newValue, key, options) {
    if (isObject(oldValue) && isObject(newValue) && Object.keys(newValue).length > 0) {
      var lines = item.lines.slice();
      lines[0] = spaces(indent) + '  ' + lines[0].slice(indent + 1).replace(/^[ \t]/, '');
      if (indentOf(lines[0]) === indent + 2) {
        var patched = patchMapping(lines, indent + 2, oldValue, newValue, options.itemOrder[key], options);
        if (patched !== null && indentOf(patched[0]) === indent + 2 && !isNote(patched[0])) {
          return asItem(patched, indent);
        }
      }
    }
    return emitItem(newValue, indent, key, options);
  }

  function patchSequence(lines, indent, oldItems, newItems, key, options) {
    var split = splitSequence(lines, indent, oldItems);
    if (split === null) {
      return null;
    }
    var used = [];
    var result = [];
    newItems.forEach(function (item, index) {
      var match = -1;
      if (index < oldItems.length && used.indexOf(index) < 0 && same(oldItems[index], item)) {
        match = index;
      } else {
        for (var i = 0; i < oldItems.length; i++) {
          if (used.indexOf(i) < 0 && same(oldItems[i], item)) {
            match = i;
            break;
          }
        }
      }
      if (match >= 0) {
        used.push(match);
        result = result.concat(split.items[match].notes, split.items[match].lines);
      } else if (index < oldItems.length && used.indexOf(index) < 0 &&
          !newItems.some(function (other) { return same(oldItems[index], other); })) {
        // The same item, edited: keep its unchanged lines.
        used.push(index);
        result = result.concat(split.items[index].notes,
          patchItem(split.items[index], indent, oldItems[index], item, key, options));
      } else {
        result = result.concat(emitItem(item, indent, key, options));
      }
    });
    return result.concat(split.tail);
  }

  function patchMapping(lines, indent, old, values, order, options) {
    var split = splitMapping(lines, indent, old);
    if (split === null) {
      return null;
    }
    var kept = [];
    split.parts.forEach(function (part) {
      var oldValue = old[part.key];
      if (!own(values, part.key)) {
        if (same(oldValue, null)) {
          // Empty before and after (`tags: []`): left as it was written.
          kept.push({ key: part.key, lines: part.notes.concat(part.lines) });
        }
        return;
      }
      var newValue = values[part.key];
      var text = same(oldValue, newValue) ? part.lines :
        patchValue(part, indent, oldValue, newValue, options);
      kept.push({ key: part.key, lines: part.notes.concat(text) });
    });
    var rank = function (key) { return (order || []).indexOf(key); };
    ordered(values, order).forEach(function (key) {
      if (own(old, key)) {
        return;
      }
      var entry = { key: key, lines: emitPair(key, values[key], indent, options) };
      var at = rank(key);
      var position = at < 0 ? kept.length : 0;
      if (at >= 0) {
        kept.forEach(function (other, i) {
          var otherRank = rank(other.key);
          if (otherRank >= 0 && otherRank < at) {
            position = i + 1;
          }
        });
      }
      kept.splice(position, 0, entry);
    });
    var result = [];
    kept.forEach(function (entry) {
      result = result.concat(entry.lines);
    });
    return result.concat(split.tail);
  }

  // --- the format -----------------------------------------------------------

  function today() {
    var now = new Date();
    return now.getFullYear() + '-' + ('0' + (now.getMonth() + 1)).slice(-2) + '-' +
      ('0' + now.getDate()).slice(-2);
  }

  function create(settings) {
    var options = {
      dateKeys: (settings && settings.dateKeys) || [],
      itemOrder: (settings && settings.itemOrder) || {},
      keepEmpty: (settings && settings.keepEmpty) || [],
    };

    // The values the file should hold: the form's values without empty
    // optional ones, and a date picker's "{{now}}" as today's date.
    function wanted(data) {
      var values = {};
      Object.keys(data).forEach(function (key) {
        if (key === SOURCE || key === 'body') {
          return;
        }
        var value = data[key];
        if (value === '{{now}}' && options.dateKeys.indexOf(key) >= 0) {
          value = today();
        }
        value = prune(value);
        if (!isEmpty(value) || (Array.isArray(value) && options.keepEmpty.indexOf(key) >= 0)) {
          values[key] = value;
        }
      });
      return values;
    }

    function writeFront(oldFront, values, order) {
      if (oldFront !== null) {
        var old = null;
        try {
          old = parse(oldFront);
        } catch (error) {
          old = null;
        }
        if (isObject(old) || (old === null && oldFront.trim() === '')) {
          var lines = oldFront === '' ? [] : oldFront.replace(/\n$/, '').split('\n');
          var patched = patchMapping(lines, 0, old || {}, values, order, options);
          if (patched !== null) {
            var text = patched.length ? patched.join('\n') + '\n' : '';
            if (same(parse(text) || {}, values)) {
              return text;
            }
          }
        }
      }
      var lines2 = emitMapping(values, 0, order, options);
      var written = lines2.length ? lines2.join('\n') + '\n' : '';
      if (!same(parse(written) || {}, values)) {
        throw new Error('Kunde inte skriva sidans uppgifter så att de läses tillbaka oförändrade.');
      }
      return written;
    }

    return {
      fromFile: function (content) {
        var file = split(String(content || ''));
        var data = {};
        if (file.front !== null) {
          var meta = parse(file.front);
          if (meta !== null && !isObject(meta)) {
            throw new Error('Uppgifterna överst i filen (front matter) är inte nycklar med värden.');
          }
          Object.keys(meta || {}).forEach(function (key) {
            data[key] = meta[key];
          });
        }
        data.body = file.body;
        data[SOURCE] = String(content || '');
        return data;
      },

      toFile: function (data, sortedKeys) {
        var old = typeof data[SOURCE] === 'string' ? split(data[SOURCE]) : null;
        var values = wanted(data);
        var body = typeof data.body === 'string' ? data.body.replace(/\r\n/g, '\n') : '';
        if (old === null || body !== old.body) {
          body = body === '' || /\n$/.test(body) ? body : body + '\n';
        }
        var oldFront = old === null ? null : old.front;
        var front = writeFront(oldFront, values, sortedKeys || []);
        var closer = old === null ? '---' : old.closer;
        var text = front === '' && oldFront === null ? body : '---\n' + front + closer + '\n' + body;
        if (old !== null && old.crlf) {
          text = text.replace(/\n/g, '\r\n');
        }
        return (old !== null && old.bom ? '\ufeff' : '') + text;
      },
    };
  }

  return { create: create, SOURCE: SOURCE, parse: parse };
});
