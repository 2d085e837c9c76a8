// The JavaScript half of wasm/json.cpp (linked into the json module): the engine's own JSON.parse on
// the document's bytes, then a walk with an explicit stack (so the exploit cannot overflow it) that lists
// every value of `key` in document order, nested matches after their parent.
mergeInto(LibraryManager.library, {
  // The answer is left in Module.llplayHostJson and its UTF-8 length returned; llplay_host_json_take
  // copies it out. decodeMs (bytes to a JS string) is reported but left out of ms: a page usually has
  // the string already.
  llplay_host_json: function (doc, docLength, key, keyLength, times) {
    var answer;
    try {
      var t0 = performance.now();
      var text = new TextDecoder('utf-8', { fatal: true }).decode(HEAPU8.slice(doc, doc + docLength));
      var name = new TextDecoder('utf-8').decode(HEAPU8.slice(key, key + keyLength));
      var t1 = performance.now();
      var parseMs = 0,
        walkMs = 0,
        matches,
        nodes,
        deepest;
      for (var round = 0; round < times; round++) {
        var t2 = performance.now();
        var root = JSON.parse(text);
        var t3 = performance.now();
        var values = [root],
          keys = [null],
          depths = [0];
        matches = [];
        nodes = 0;
        deepest = 0;
        while (values.length > 0) {
          var value = values.pop(),
            member = keys.pop(),
            depth = depths.pop();
          nodes++;
          if (member === name) matches.push(value);
          if (value === null || typeof value !== 'object') continue;
          depth++;
          if (depth > deepest) deepest = depth;
          if (Array.isArray(value)) {
            for (var i = value.length - 1; i >= 0; i--) {
              values.push(value[i]);
              keys.push(null);
              depths.push(depth);
            }
          } else {
            var names = Object.keys(value);
            for (var j = names.length - 1; j >= 0; j--) {
              values.push(value[names[j]]);
              keys.push(names[j]);
              depths.push(depth);
            }
          }
        }
        parseMs += t3 - t2;
        walkMs += performance.now() - t3;
      }
      answer = JSON.stringify({
        ok: true,
        count: matches.length,
        nodes: nodes,
        maxDepth: deepest,
        decodeMs: t1 - t0,
        parseMs: parseMs / times,
        walkMs: walkMs / times,
        ms: (parseMs + walkMs) / times,
        matches: matches,
      });
    } catch (e) {
      answer = JSON.stringify({ ok: false, name: String(e && e.name), message: String(e && e.message) });
    }
    Module.llplayHostJson = answer;
    return lengthBytesUTF8(answer);
  },

  llplay_host_json_take: function (out, capacity) {
    stringToUTF8(Module.llplayHostJson, out, capacity);
    Module.llplayHostJson = null;
  },
});
