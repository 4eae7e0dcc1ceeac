// distauth's published map: answers "who decides this?" in the page, from the org's data.
//
// Python computed everything that depends on dates, roles and vacancies (distauth/_site.py):
// each area's answer when it wins, its parent as it resolves, its escalation step, and each
// scope compiled into segment kinds. This script matches a resource against those compiled
// scopes and picks the deepest matching area exactly as Org.who_decides does; it shows the
// org's text with textContent only, never as markup.
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("org-data").textContent);
  const AREAS = DATA.areas;
  const PEOPLE = DATA.people;
  const ROLES = DATA.roles;
  const FINDINGS = DATA.findings;
  const ANY_SEGMENTS = 0; // '**': zero or more whole segments
  const STAR = 1; // '*' inside a segment: any run of characters
  const ONE = 2; // '?' inside a segment: exactly one character
  const PAGE = 200; // rows shown before a "show more" button

  const areaAt = new Map(AREAS.map((a, i) => [a.i, i]));
  const personAt = new Map(PEOPLE.map((p, i) => [p.i, i]));
  const roleAt = new Map(ROLES.map((r, i) => [r.i, i]));

  // --- the scope language, as compiled by distauth.scopes -------------------------------------

  const SLUG = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
  // Python's str.isprintable() is false for these categories, and true for the plain space.
  const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

  // Split a resource as distauth.scopes does; an error message when it is not one.
  function parseResource(text) {
    if (!text) return { error: "empty string" };
    let namespace = "";
    let path = text;
    const colon = text.indexOf(":");
    if (colon >= 0) {
      const candidate = text.slice(0, colon);
      if (candidate.includes("/") || text.indexOf(":", colon + 1) >= 0) {
        return { error: "':' is only allowed once, right after a leading namespace" };
      }
      if (!SLUG.test(candidate)) return { error: "the namespace before ':' is not a slug" };
      path = text.slice(colon + 1);
      if (!path) return { error: "nothing after the namespace" };
      namespace = candidate;
    }
    const segments = path.split("/");
    for (const segment of segments) {
      if (!segment) return { error: "empty segment (a leading, trailing or doubled '/')" };
      if (segment.includes("*")) return { error: "'*' is not allowed in a resource" };
      if (segment.includes("\\")) return { error: "'\\' is not allowed" };
      if (UNPRINTABLE.test(segment.replaceAll(" ", "x"))) {
        return { error: "a character that cannot be printed is not allowed" };
      }
      if (segment[0] === " " || segment[segment.length - 1] === " ") {
        return { error: "a segment begins or ends with a space" };
      }
    }
    return { namespace, segments };
  }

  // A glob segment's tokens as units: single code points, STAR or ONE.
  function globUnits(tokens) {
    const units = [];
    for (const token of tokens) {
      if (typeof token === "string") units.push(...Array.from(token));
      else units.push(token);
    }
    return units;
  }

  // Wildcard match over code points; backtracks only to the last STAR: O(len(text) * units).
  function globMatches(units, text) {
    const chars = Array.from(text);
    let u = 0;
    let c = 0;
    let starU = -1;
    let starC = 0;
    while (c < chars.length) {
      if (u < units.length && units[u] !== STAR && (units[u] === ONE || units[u] === chars[c])) {
        u += 1;
        c += 1;
      } else if (u < units.length && units[u] === STAR) {
        starU = u;
        starC = c;
        u += 1;
      } else if (starU >= 0) {
        u = starU + 1;
        starC += 1;
        c = starC;
      } else {
        return false;
      }
    }
    while (u < units.length && units[u] === STAR) u += 1;
    return u === units.length;
  }

  function itemMatches(item, segment) {
    return typeof item === "string" ? item === segment : globMatches(item, segment);
  }

  // Whether the pattern's items match the resource or one of its ancestors: a run of state
  // sets over the items (an NFA), O(segments * items).
  function patternMatches(items, segments, exact) {
    const m = items.length;
    let states = new Uint8Array(m + 1);
    states[0] = 1;
    const close = (set) => {
      for (let p = 0; p < m; p += 1) if (set[p] && items[p] === ANY_SEGMENTS) set[p + 1] = 1;
    };
    close(states);
    if (states[m] && !exact) return true;
    for (const segment of segments) {
      const next = new Uint8Array(m + 1);
      let alive = false;
      for (let p = 0; p < m; p += 1) {
        if (!states[p]) continue;
        const item = items[p];
        if (item === ANY_SEGMENTS) {
          next[p] = 1;
          alive = true;
        } else if (itemMatches(item, segment)) {
          next[p + 1] = 1;
          alive = true;
        }
      }
      if (!alive) return false;
      close(next);
      if (next[m] && !exact) return true;
      states = next;
    }
    // An exact-form pattern holds only what it matches whole, nothing under it.
    return exact ? states[m] === 1 : false;
  }

  // Patterns by namespace, then by their first segment when it is a literal.
  const byNamespace = new Map();
  AREAS.forEach((area, owner) => {
    for (const [text, namespace, items, exact] of area.s || []) {
      const compiled = items.map((item) =>
        item === ANY_SEGMENTS || typeof item === "string" ? item : globUnits(item),
      );
      let bucket = byNamespace.get(namespace);
      if (!bucket) {
        bucket = { first: new Map(), rest: [] };
        byNamespace.set(namespace, bucket);
      }
      const entry = { owner, text, items: compiled, exact: exact === 1 };
      if (compiled.length && typeof compiled[0] === "string") {
        const list = bucket.first.get(compiled[0]);
        if (list) list.push(entry);
        else bucket.first.set(compiled[0], [entry]);
      } else {
        bucket.rest.push(entry);
      }
    }
  });

  // The area and its ancestors, stopping where parent links loop (as _queries does).
  function chain(index) {
    const seen = new Set([index]);
    let parent = AREAS[index].p;
    while (parent !== undefined && !seen.has(parent)) {
      seen.add(parent);
      parent = AREAS[parent].p;
    }
    return seen;
  }

  // Org.who_decides, in the page.
  function whoDecides(resource) {
    const parsed = parseResource(resource);
    if (parsed.error) return { resource, error: parsed.error };
    const bucket = byNamespace.get(parsed.namespace);
    const matched = [];
    if (bucket) {
      const tried = (bucket.first.get(parsed.segments[0]) || []).concat(bucket.rest);
      for (const entry of tried) {
        if (patternMatches(entry.items, parsed.segments, entry.exact)) matched.push(entry);
      }
    }
    const owners = [...new Set(matched.map((e) => e.owner))].sort((a, b) => a - b);
    matched.sort((x, y) => x.owner - y.owner || (x.text < y.text ? -1 : x.text > y.text ? 1 : 0));
    const answer = {
      resource,
      matched,
      candidates: owners,
      area: null,
      deciders: [],
      fallback: false,
      ambiguous: false,
      driArea: null,
    };
    if (!owners.length) return answer;
    // The winner lies below every other candidate; none or several (a parent cycle) is
    // ambiguous.
    const winners = owners.filter((o) => {
      const ancestors = chain(o);
      return owners.every((x) => ancestors.has(x));
    });
    if (winners.length !== 1) {
      answer.ambiguous = true;
      return answer;
    }
    const winner = winners[0];
    const [deciders, fallback, driArea, flags] = AREAS[winner].w;
    answer.flags = flags || {};
    answer.area = winner;
    answer.deciders = deciders;
    answer.fallback = fallback === 1;
    answer.driArea = driArea < 0 ? null : driArea;
    return answer;
  }

  // Org.escalation_path, from the per-area steps Python worked out.
  function escalation(start) {
    const steps = [];
    const seen = new Set();
    let current = start;
    for (;;) {
      seen.add(current);
      const area = AREAS[current];
      steps.push(current);
      if (area.r === undefined) return { steps, brokenAt: area.i, reason: area.xn };
      if (area.xt !== undefined) {
        if (seen.has(area.xt)) {
          const target = AREAS[area.xt].i;
          return { steps, brokenAt: target, reason: `escalation loops back to '${target}'` };
        }
        current = area.xt;
        continue;
      }
      if (area.xe) return { steps, brokenAt: area.xe[0], reason: area.xe[1] };
      return { steps, brokenAt: null, reason: null };
    }
  }

  // --- building the page's text safely ---------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value !== null && value !== undefined) node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  // User-written text: isolated, so that a direction override cannot spill onto its neighbours.
  function text(value, className) {
    return el("bdi", { class: className || "text" }, String(value));
  }

  function code(value) {
    return el("code", null, text(value));
  }

  function hashLink(kind, value, ...children) {
    return el("a", { href: `#${kind}=${encodeURIComponent(value)}` }, ...children);
  }

  function areaLabel(index) {
    const area = AREAS[index];
    return area.n
      ? el("span", null, text(area.n), " ", el("span", { class: "id" }, "(", code(area.i), ")"))
      : code(area.i);
  }

  function areaLink(index) {
    return hashLink("area", AREAS[index].i, areaLabel(index));
  }

  function personLabel(index) {
    const person = PEOPLE[index];
    return person.n
      ? el("span", null, text(person.n), " ", el("span", { class: "id" }, "(", code(person.i), ")"))
      : code(person.i);
  }

  // Any id the org mentions: a person, a role (with its holders), an area, or an unknown id.
  function entity(ident) {
    if (personAt.has(ident)) return hashLink("person", ident, personLabel(personAt.get(ident)));
    if (areaAt.has(ident)) return areaLink(areaAt.get(ident));
    if (roleAt.has(ident)) {
      const role = ROLES[roleAt.get(ident)];
      const holders = role.h.length ? join(role.h.map(entity)) : [el("em", null, "nobody")];
      const what = role.t ? "team" : "role";
      return el(
        "span",
        null,
        `${what} `,
        role.n ? text(role.n) : code(role.i),
        role.n ? el("span", { class: "id" }, " (", code(role.i), ")") : null,
        " held by ",
        ...holders,
      );
    }
    return el("span", null, code(ident), " ", el("em", null, "(unknown)"));
  }

  function join(nodes, separator) {
    const out = [];
    nodes.forEach((node, position) => {
      if (position) out.push(separator || ", ");
      out.push(node);
    });
    return out;
  }

  function deciderList(ids) {
    return ids.length ? join(ids.map(entity), " or ") : [el("strong", null, "nobody")];
  }

  function field(list, label, ...value) {
    list.append(el("dt", null, label), el("dd", null, ...value));
  }

  // Render *items* into *container* a page at a time; the button (hidden once everything is
  // shown) renders the next page, and all() renders the rest at once.
  function moreButton(container, items, render, what) {
    let shown = 0;
    const button = el("button", { type: "button", class: "more no-print" });
    const step = () => {
      const end = Math.min(items.length, shown + PAGE);
      for (; shown < end; shown += 1) container.append(render(items[shown]));
      button.hidden = shown >= items.length;
      if (!button.hidden) button.textContent = `Show ${items.length - shown} more ${what}`;
    };
    button.addEventListener("click", step);
    step();
    const all = () => {
      const before = shown;
      while (shown < items.length) step();
      return shown > before;
    };
    return { button, all };
  }

  // --- the answer panel ---------------------------------------------------------------------------

  const answerBox = document.getElementById("answer");
  const input = document.getElementById("q");

  function setAnswer(kind, title, ...content) {
    for (const name of [...answerBox.getAttributeNames()]) {
      if (name.startsWith("data-")) answerBox.removeAttribute(name);
    }
    answerBox.setAttribute("data-answer", kind);
    answerBox.replaceChildren(el("h2", { id: "answer-title" }, ...title), ...content);
  }

  function showWho(resource) {
    input.value = resource;
    const found = whoDecides(resource);
    const title = ["Who decides ", code(resource), "?"];
    if (found.error) {
      setAnswer("error", title, el("p", null, `This is not a resource: ${found.error}.`));
      return;
    }
    const parts = [];
    let verdict;
    if (!found.candidates.length) {
      verdict = el("p", { class: "verdict" }, el("strong", null, "Nobody: "),
        "no area's scope matches it, so nobody has authority over it.");
    } else if (found.ambiguous) {
      verdict = el("p", { class: "verdict" }, el("strong", null, "Ambiguous: "),
        "the matching areas ", ...join(found.candidates.map(areaLink)),
        " are not on one ancestor chain, so none of them is the most specific delegate. " +
        "Nobody decides until their scopes are made disjoint (DA301).");
    } else {
      const winner = found.area;
      const who = deciderList(found.deciders);
      if (found.flags.n) {
        verdict = el("p", { class: "verdict" }, el("strong", null, "Nobody decides: "),
          areaLink(winner), found.fallback ? " is vacant inside an area that" : "",
          " says nobody holds its scopes, so no one decides and nothing falls back.");
      } else if (found.flags.d) {
        verdict = el("p", { class: "verdict" }, ...who, " decides as ", el("strong", null, "deputy"),
          " of ", areaLink(found.driArea === null ? winner : found.driArea), ", because ",
          ...join((found.flags.a || []).map(entity), " and "), " is away.");
      } else if (found.fallback && found.driArea !== null) {
        verdict = el("p", { class: "verdict" }, ...who, " decides, as DRI of ",
          areaLink(found.driArea), ". ", el("strong", null, "Fallback: "),
          areaLink(winner), " has no DRI in effect, so authority falls back to its nearest " +
          "ancestor with one.");
      } else if (found.fallback) {
        verdict = el("p", { class: "verdict" }, el("strong", null, "Nobody decides: "),
          areaLink(winner), " has no DRI in effect, and no ancestor has one (fallback).");
      } else if (found.deciders.length) {
        verdict = el("p", { class: "verdict" }, ...who, " decides, as DRI of ",
          areaLink(winner), ".");
      } else {
        verdict = el("p", { class: "verdict" }, el("strong", null, "Nobody decides: "),
          "the DRI of ", areaLink(winner), " cannot be resolved (see its findings).");
      }
    }
    parts.push(verdict);
    if (found.matched.length) {
      const why = el("ul");
      for (const entry of found.matched) {
        why.append(el("li", null, "area ", areaLink(entry.owner), ", scope ", code(entry.text)));
      }
      parts.push(el("p", null, "Matched by:"), why);
      if (!found.ambiguous && found.candidates.length > 1) {
        parts.push(el("p", null, areaLink(found.area),
          " wins: it is the deepest of the matching areas (the most specific delegate)."));
      }
      if (found.area !== null) {
        parts.push(el("p", null, "Disagreements about it go up: ", escalationList(found.area)));
      }
    }
    parts.push(el("p", { class: "muted" }, hashLink("who", resource, "Link to this answer")));
    setAnswer("who", title, ...parts);
    answerBox.setAttribute("data-resource", resource);
    answerBox.setAttribute("data-area", found.area === null ? "" : AREAS[found.area].i);
    answerBox.setAttribute("data-deciders", found.deciders.join(" "));
    answerBox.setAttribute("data-fallback", String(found.fallback));
    answerBox.setAttribute("data-ambiguous", String(found.ambiguous));
    answerBox.setAttribute("data-candidates", found.candidates.map((c) => AREAS[c].i).join(" "));
  }

  function escalationList(index) {
    const path = escalation(index);
    const list = el("ol", { class: "path", "data-escalation": AREAS[index].i });
    for (const step of path.steps) {
      const area = AREAS[step];
      list.append(el("li", { "data-area": area.i, "data-dri": area.r || "" }, areaLink(step),
        ": DRI ", area.r ? entity(area.r) : el("strong", null, "none")));
    }
    const end = path.reason === null
      ? el("p", { class: "path-end", "data-broken-at": "" }, "reaches the top")
      : el("p", { class: "path-end", "data-broken-at": path.brokenAt }, el("strong", null,
        "Breaks at "), code(path.brokenAt), ": ", text(path.reason));
    return el("div", null, list, end);
  }

  function findingsAbout(ident) {
    const found = FINDINGS.filter((f) => f.j.includes(ident));
    if (!found.length) return null;
    const list = el("ul", { class: "findings" });
    for (const f of found) list.append(findingItem(f));
    return list;
  }

  function driRecords(area) {
    const out = [];
    for (const record of area.d || []) {
      const bits = [entity(record.h)];
      if (record.a) bits.push(" ", el("strong", null, "(acting)"));
      if (record.b) bits.push(` from ${record.b}`);
      if (record.e) bits.push(` until ${record.e} (exclusive)`);
      out.push(el("li", null, ...bits));
    }
    return out;
  }

  function showArea(ident) {
    const index = areaAt.get(ident);
    if (index === undefined) {
      setAnswer("error", ["No area ", code(ident)], el("p", null, "The org has no area with this id."));
      return;
    }
    input.value = ident;
    const area = AREAS[index];
    const facts = el("dl");
    field(facts, "Id", code(area.i));
    if (area.u) field(facts, "Purpose", text(area.u));
    if (area.z) field(facts, "DRI", el("strong", null, "nobody, on purpose"),
      ": nobody holds this area's scopes.");
    const records = driRecords(area);
    if (records.length > 1) {
      field(facts, "DRI", el("strong", null, `${records.length} DRIs in effect: `),
        "nobody decides alone.", el("ul", null, ...records));
    } else if (records.length === 1) {
      field(facts, "DRI", ...records[0].childNodes);
    } else if (!area.z) {
      field(facts, "DRI", el("strong", null, "none in effect"));
    }
    if (area.r && area.d && area.d.length === 1 && area.d[0].h !== area.r) {
      field(facts, "Decides", entity(area.r));
    }
    if (area.y) field(facts, "Deputy", entity(area.y));
    if (area.p !== undefined) field(facts, "Inside", areaLink(area.p));
    else if (area.q) field(facts, "Inside", code(area.q[0]), ` (${area.q[1] === "missing" ? "unknown id" : `a ${area.q[1]}, not an area`})`);
    if (area.v) field(facts, "Advisors", ...join(area.v.map(entity)));
    if (area.f) field(facts, "Informed", ...join(area.f.map(entity)));
    const roles = ROLES.filter((r) => r.a === area.i);
    if (roles.length) field(facts, "Roles", ...join(roles.map((r) => entity(r.i))));
    if (area.s) {
      field(facts, "Scopes", el("ul", null, ...area.s.map(([scope]) => el("li", null, code(scope)))));
    }
    if (area.o) field(facts, "Escalates to", entity(area.o), " (instead of its parent)");
    const path = escalation(index);
    const next = path.steps.length > 1 ? areaLink(path.steps[1]) : null;
    field(facts, "Disagreements go to", next || el("strong", null,
      path.reason === null ? "nowhere: it is at the top" : "nowhere: the path breaks"));
    field(facts, "Escalation path", escalationList(index));
    const kids = children.get(index) || [];
    if (kids.length) field(facts, "Sub-areas", ...join(kids.slice(0, PAGE).map(areaLink)),
      kids.length > PAGE ? ` and ${kids.length - PAGE} more` : "");
    const about = findingsAbout(area.i);
    setAnswer("area", ["Area ", area.n ? text(area.n) : code(area.i)], facts,
      about ? el("h3", null, "Findings") : null, about);
    answerBox.setAttribute("data-area", area.i);
    revealInTree(index);
  }

  function showPerson(ident) {
    const index = personAt.get(ident);
    if (index === undefined) {
      setAnswer("error", ["No person ", code(ident)], el("p", null, "The org has no person with this id."));
      return;
    }
    input.value = ident;
    const person = PEOPLE[index];
    const facts = el("dl");
    field(facts, "Id", code(person.i));
    if (person.m) field(facts, "Email", text(person.m));
    if (person.x) field(facts, "Status", el("strong", null, "inactive"));
    if (person.k) field(facts, "Kind", person.k);
    const mine = relationsOf(person.i);
    field(facts, "DRI of", ...(person.d && person.d.length ? join(person.d.map(areaLink))
      : [el("em", null, "no area")]));
    if (mine.advises.length) field(facts, "Advises", ...join(mine.advises.map(areaLink)));
    if (mine.informed.length) field(facts, "Informed about", ...join(mine.informed.map(areaLink)));
    if (mine.holds.length) field(facts, "Holds", ...join(mine.holds.map(roleLabel)));
    const about = findingsAbout(person.i);
    setAnswer("person", ["Person ", person.n ? text(person.n) : code(person.i)], facts,
      about ? el("h3", null, "Findings") : null, about);
    answerBox.setAttribute("data-person", person.i);
  }

  function showHome() {
    setAnswer("none", ["Answer"], el("p", { class: "muted" },
      "Ask a question above, or pick an area or a person below."));
  }

  // --- the area tree (children rendered when first opened) ------------------------------------

  const children = new Map();
  const roots = [];
  AREAS.forEach((area, index) => {
    if (area.p === undefined) roots.push(index);
    else if (children.has(area.p)) children.get(area.p).push(index);
    else children.set(area.p, [index]);
  });
  const nodes = new Map(); // area index -> its <details>, once rendered
  const pending = []; // "show more" controls, for printing everything
  const lists = new Map(); // parent area index (-1: the top) -> its list's "show more" control

  // Browsers lay out deeply nested elements slowly: below this depth the tree stops nesting
  // and points to the area's own view, which lists its sub-areas.
  const TREE_DEPTH = 32;

  function treeNode(index, depth) {
    const area = AREAS[index];
    const kids = children.get(index) || [];
    const who = area.z ? el("em", null, "nobody, on purpose")
      : area.r ? entity(area.r) : el("strong", null, "no DRI");
    const label = el("span", null, areaLink(index), " — ", who,
      area.u ? el("span", { class: "purpose" }, ": ", text(area.u)) : null);
    const count = ` (${kids.length} sub-area${kids.length === 1 ? "" : "s"})`;
    if (!kids.length || depth + 1 >= TREE_DEPTH) {
      const leaf = el("div", { class: "leaf", "data-area": area.i }, label, kids.length
        ? el("span", { class: "muted" }, `${count}: open the area to list them`) : null);
      nodes.set(index, leaf);
      return leaf;
    }
    const details = el("details", { "data-area": area.i, "data-depth": String(depth) },
      el("summary", null, label, el("span", { class: "muted" }, count)));
    details.addEventListener("toggle", () => {
      if (details.open) fill(details, kids);
    });
    nodes.set(index, details);
    return details;
  }

  function fill(details, kids) {
    if (details.dataset.filled) return;
    details.dataset.filled = "1";
    const list = el("div", { class: "children" });
    details.append(list);
    const depth = Number(details.dataset.depth) + 1;
    const control = moreButton(list, kids, (kid) => treeNode(kid, depth), "sub-areas");
    details.append(control.button);
    pending.push(control);
    lists.set(areaAt.get(details.dataset.area), control);
  }

  let restDrawn = false;
  function ensureRest() {
    ensureTree();
    if (!restDrawn) {
      restDrawn = true;
      renderPeople();
      renderFindings();
    }
  }

  let treeDrawn = false;
  function ensureTree() {
    if (!treeDrawn) {
      treeDrawn = true;
      renderTree();
    }
  }

  function revealInTree(index) {
    ensureTree();
    // Open each ancestor from the top so that the area's node exists; iterative, loop-safe.
    const line = [];
    const seen = new Set();
    for (let at = index; at !== undefined && !seen.has(at); at = AREAS[at].p) {
      seen.add(at);
      line.push(at);
    }
    line.reverse();
    for (const at of line) {
      if (!nodes.has(at)) {
        const parent = AREAS[at].p;
        const control = lists.get(parent === undefined ? -1 : parent);
        if (control) control.all();
      }
      const node = nodes.get(at);
      if (!node) break; // in a parent cycle: listed outside the tree
      if (node.tagName === "DETAILS" && at !== index) {
        node.open = true;
        fill(node, children.get(at) || []);
      }
    }
    for (const old of document.querySelectorAll("#tree .current")) old.classList.remove("current");
    const node = nodes.get(index);
    if (node) node.classList.add("current");
  }

  function renderTree() {
    const tree = document.getElementById("tree");
    const top = el("div", { class: "children" });
    tree.append(top);
    const control = moreButton(top, roots, (root) => treeNode(root, 0), "top-level areas");
    tree.append(control.button);
    pending.push(control);
    lists.set(-1, control);
    // Areas whose parent links loop never hang from a root: list them on their own.
    const reached = new Uint8Array(AREAS.length);
    const stack = [...roots];
    while (stack.length) {
      const at = stack.pop();
      reached[at] = 1;
      for (const kid of children.get(at) || []) stack.push(kid);
    }
    const looped = [];
    reached.forEach((flag, at) => { if (!flag) looped.push(at); });
    if (looped.length) {
      const list = el("ul");
      tree.append(el("h3", null, "In a parent cycle (outside the tree)"), list);
      for (const at of looped) list.append(el("li", { "data-area": AREAS[at].i }, areaLink(at)));
    }
  }

  // --- people and findings ---------------------------------------------------------------------

  // Who advises, is informed about and holds what: person id -> area or role indices, with
  // a role's advisory seats counted for each of its holders. O(areas * advisors + roles).
  let relations = null;
  function relationsOf(ident) {
    if (relations === null) {
      relations = { advises: new Map(), informed: new Map(), holds: new Map() };
      const add = (map, key, value) => {
        const list = map.get(key);
        if (list === undefined) map.set(key, [value]);
        else if (list[list.length - 1] !== value) list.push(value);
      };
      ROLES.forEach((role, position) => {
        for (const holder of role.h) add(relations.holds, holder, position);
      });
      const people = (ident) => (roleAt.has(ident) ? ROLES[roleAt.get(ident)].h : [ident]);
      AREAS.forEach((area, position) => {
        for (const [key, map] of [["v", relations.advises], ["f", relations.informed]]) {
          for (const named of area[key] || []) {
            for (const person of people(named)) add(map, person, position);
          }
        }
      });
    }
    return {
      advises: relations.advises.get(ident) || [],
      informed: relations.informed.get(ident) || [],
      holds: relations.holds.get(ident) || [],
    };
  }

  function someAreas(indices) {
    if (!indices.length) return ["—"];
    const shown = join(indices.slice(0, 20).map(areaLink));
    if (indices.length > 20) shown.push(` and ${indices.length - 20} more`);
    return shown;
  }

  function roleLabel(position) {
    const role = ROLES[position];
    return el("span", null, role.t ? "team " : "role ", role.n ? text(role.n) : code(role.i),
      role.a ? el("span", null, " in ", areaAt.has(role.a) ? areaLink(areaAt.get(role.a))
        : code(role.a)) : null);
  }

  function renderPeople() {
    const box = document.getElementById("people");
    if (!PEOPLE.length) {
      box.append(el("p", null, "The org lists nobody."));
      return;
    }
    const body = el("tbody");
    const head = ["Person", "DRI of", "Advises", "Holds", "Status"];
    box.append(el("table", null, el("thead", null, el("tr", null,
      ...head.map((label) => el("th", { scope: "col" }, label)))), body));
    const row = (person) => {
      const mine = relationsOf(person.i);
      return el("tr", { "data-person": person.i },
        el("th", { scope: "row" }, hashLink("person", person.i, personLabel(personAt.get(person.i)))),
        el("td", null, ...someAreas(person.d || [])),
        el("td", null, ...someAreas(mine.advises)),
        el("td", null, ...(mine.holds.length ? join(mine.holds.map(roleLabel)) : ["—"])),
        el("td", null, person.x ? "inactive" : "active", person.k ? ` (${person.k})` : ""));
    };
    const control = moreButton(body, PEOPLE, row, "people");
    box.append(control.button);
    pending.push(control);
  }

  function subjectLink(ident) {
    if (personAt.has(ident)) return hashLink("person", ident, code(ident));
    if (areaAt.has(ident)) return hashLink("area", ident, code(ident));
    if (roleAt.has(ident)) return code(ident);
    if (!parseResource(ident).error && (ident.includes("/") || ident.includes(":"))) {
      return hashLink("who", ident, code(ident));
    }
    return code(ident);
  }

  function findingItem(f) {
    return el("li", { "data-code": f.c, "data-severity": f.s },
      el("strong", null, `${f.c} ${f.s}`), " ", el("span", { class: "muted" }, f.r), ": ",
      text(f.m), f.j.length ? el("span", null, " — about ", ...join(f.j.map(subjectLink))) : null,
      f.h ? el("span", { class: "muted" }, " Hint: ", text(f.h)) : null);
  }

  function renderFindings() {
    const box = document.getElementById("findings");
    if (!FINDINGS.length) {
      box.append(el("p", null, "validate found nothing: the org is clean on this day."));
      return;
    }
    for (const severity of ["error", "warning", "info"]) {
      const some = FINDINGS.filter((f) => f.s === severity);
      if (!some.length) continue;
      const list = el("ul", { class: "findings" });
      box.append(el("h3", null, `${some.length} ${severity}${some.length === 1 ? "" : "s"}`), list);
      const control = moreButton(list, some, findingItem, `${severity}s`);
      box.append(control.button);
      pending.push(control);
    }
  }

  // --- search and links --------------------------------------------------------------------------

  const suggestions = document.getElementById("suggestions");

  function suggest() {
    const query = input.value.trim();
    suggestions.replaceChildren();
    if (!query) return;
    const needle = query.toLowerCase();
    const items = [];
    if (!parseResource(query).error) {
      items.push(el("li", null, hashLink("who", query, "Who decides ", code(query), "?")));
    }
    const limit = 12;
    for (let i = 0; i < AREAS.length && items.length < limit; i += 1) {
      const a = AREAS[i];
      if (a.i.includes(needle) || (a.n && a.n.toLowerCase().includes(needle))) {
        items.push(el("li", null, "Area ", areaLink(i)));
      }
    }
    for (let i = 0; i < PEOPLE.length && items.length < limit * 2; i += 1) {
      const p = PEOPLE[i];
      if (p.i.includes(needle) || (p.n && p.n.toLowerCase().includes(needle))) {
        items.push(el("li", null, "Person ", hashLink("person", p.i, personLabel(i))));
      }
    }
    for (const r of DATA.resources) {
      if (items.length >= limit * 3) break;
      if (r.toLowerCase().includes(needle) && r !== query) {
        items.push(el("li", null, hashLink("who", r, "Who decides ", code(r), "?")));
      }
    }
    suggestions.append(...items);
  }

  function decode(value) {
    try {
      return decodeURIComponent(value);
    } catch (error) {
      return value;
    }
  }

  function route() {
    const hash = location.hash.slice(1);
    const equals = hash.indexOf("=");
    const kind = equals < 0 ? "" : hash.slice(0, equals);
    const value = equals < 0 ? "" : decode(hash.slice(equals + 1));
    if (kind === "who") showWho(value);
    else if (kind === "area") showArea(value);
    else if (kind === "person") showPerson(value);
    else showHome();
  }

  document.getElementById("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    const kind = areaAt.has(query) ? "area" : personAt.has(query) ? "person" : "who";
    const target = `#${kind}=${encodeURIComponent(query)}`;
    if (location.hash === target) route();
    else location.hash = target;
    answerBox.focus();
  });
  input.addEventListener("input", suggest);
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  window.addEventListener("hashchange", route);
  document.getElementById("expand-all").addEventListener("click", () => expandAll(false));
  document.getElementById("collapse-all").addEventListener("click", () => {
    for (const node of document.querySelectorAll("#tree details")) node.open = false;
  });

  // Paper has no buttons: before printing, render and open everything.
  function expandAll(everything) {
    ensureRest();
    // Each round opens what the previous one rendered; the tree is finite, so it ends.
    for (;;) {
      let changed = false;
      for (const node of document.querySelectorAll("#tree details:not([open])")) {
        node.open = true;
        fill(node, children.get(areaAt.get(node.dataset.area)) || []);
        changed = true;
      }
      for (const control of pending) {
        if (everything || control.button.closest("#tree")) changed = control.all() || changed;
      }
      if (!changed) return;
    }
  }
  window.addEventListener("beforeprint", () => expandAll(true));

  // --- start: the answer first, then the rest -------------------------------------------------

  document.getElementById("org-name").replaceChildren("Who decides in ", text(DATA.name || "this org"), "?");
  document.getElementById("as-of").textContent =
    `As of ${DATA.on}: ${AREAS.length} areas, ${PEOPLE.length} people, ${FINDINGS.length} findings.`;
  document.getElementById("footer").textContent =
    `Published with distauth ${DATA.version}. Answers are computed in this page; nothing is sent anywhere.`;
  // The answer a link asks for comes first; the tree, people and findings follow.
  route();
  performance.mark("distauth:answer");
  setTimeout(ensureRest, 0);
})();
