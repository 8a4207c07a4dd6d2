/* Content tabs: accessibility and syncing on top of the no-JavaScript radio
   pattern rendered by internal/markdown/tabs.
   - the labels become a tablist (role=tab, aria-selected, roving tabindex) and
     the blocks tabpanels; the hidden radios leave the tab order;
   - Left/Right/Home/End move between the tabs of a set, Enter/Space select;
   - selecting a tab selects the tabs with the same label in every other set
     of the page, keeping the chosen tab where it was on screen;
   - the active label and block get the class hb-tab-active, which the CSS
     uses for sets longer than its :checked rules cover. */
(function () {
  'use strict';

  // parts returns the radios, labels and blocks of a set, index-aligned.
  function parts(set) {
    var inputs = [], labels = [], blocks = [], labelBox = null, i, child;
    for (i = 0; i < set.children.length; i++) {
      child = set.children[i];
      if (child.tagName === 'INPUT') inputs.push(child);
      else if (child.classList.contains('tabbed-labels')) labelBox = child;
      else if (child.classList.contains('tabbed-content')) blocks = Array.prototype.slice.call(child.children);
    }
    if (labelBox) labels = Array.prototype.slice.call(labelBox.children);
    var n = Math.min(inputs.length, labels.length, blocks.length);
    return { labelBox: labelBox, inputs: inputs.slice(0, n), labels: labels.slice(0, n), blocks: blocks.slice(0, n) };
  }

  function labelText(label) {
    return (label.textContent || '').replace(/\s+/g, ' ').trim();
  }

  function setup(set) {
    var p = parts(set);
    if (!p.labelBox || p.inputs.length === 0) return;
    p.labelBox.setAttribute('role', 'tablist');
    for (var i = 0; i < p.inputs.length; i++) {
      var input = p.inputs[i], label = p.labels[i], block = p.blocks[i];
      label.id = label.id || input.id + '-tab';
      block.id = block.id || input.id + '-panel';
      label.setAttribute('role', 'tab');
      label.setAttribute('aria-controls', block.id);
      block.setAttribute('role', 'tabpanel');
      block.setAttribute('aria-labelledby', label.id);
      input.tabIndex = -1;
      input.setAttribute('aria-hidden', 'true');
    }
    refresh(set);
  }

  // refresh mirrors the checked radio into ARIA state, tabindex and classes.
  function refresh(set) {
    var p = parts(set);
    for (var i = 0; i < p.inputs.length; i++) {
      var on = p.inputs[i].checked;
      p.labels[i].setAttribute('aria-selected', on ? 'true' : 'false');
      p.labels[i].tabIndex = on ? 0 : -1;
      p.labels[i].classList.toggle('hb-tab-active', on);
      p.blocks[i].classList.toggle('hb-tab-active', on);
    }
  }

  function choose(set, index) {
    var p = parts(set);
    if (!p.inputs[index] || p.inputs[index].checked) return;
    p.inputs[index].checked = true;
    refresh(set);
  }

  // syncOthers selects the tab labelled text in every other set, keeping
  // the anchor element at the same place in the viewport.
  function syncOthers(origin, text, anchor) {
    if (!HB.feature('content.tabs.link')) return;
    var before = anchor.getBoundingClientRect().top;
    var sets = document.querySelectorAll('.tabbed-set');
    for (var s = 0; s < sets.length; s++) {
      if (sets[s] === origin) continue;
      var labels = parts(sets[s]).labels;
      for (var i = 0; i < labels.length; i++) {
        if (labelText(labels[i]) === text) {
          choose(sets[s], i);
          break;
        }
      }
    }
    var shift = anchor.getBoundingClientRect().top - before;
    if (shift) window.scrollBy(0, shift);
  }

  // selected handles a user's choice of tab index in set.
  function selected(set, index, focus) {
    var p = parts(set);
    if (!p.labels[index]) return;
    p.inputs[index].checked = true;
    refresh(set);
    syncOthers(set, labelText(p.labels[index]), p.labels[index]);
    if (focus) {
      p.labels[index].focus();
      if (p.labels[index].scrollIntoView) p.labels[index].scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  function setOfLabel(label) {
    var box = label.parentElement;
    if (!box || !box.classList.contains('tabbed-labels')) return null;
    var set = box.parentElement;
    return set && set.classList.contains('tabbed-set') ? set : null;
  }

  // A click on a label checks its radio natively; mirror the change.
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || input.tagName !== 'INPUT' || !input.parentElement ||
        !input.parentElement.classList.contains('tabbed-set')) return;
    var set = input.parentElement;
    var index = parts(set).inputs.indexOf(input);
    if (index >= 0) selected(set, index, false);
  });

  // Focus the clicked label rather than the hidden radio the browser picks.
  document.addEventListener('click', function (event) {
    var label = event.target && event.target.closest ? event.target.closest('.tabbed-labels > label') : null;
    if (label && setOfLabel(label)) setTimeout(function () { label.focus({ preventScroll: true }); }, 0);
  });

  document.addEventListener('keydown', function (event) {
    var label = event.target;
    if (!label || label.tagName !== 'LABEL' || label.getAttribute('role') !== 'tab') return;
    var set = setOfLabel(label);
    if (!set) return;
    var labels = parts(set).labels, index = labels.indexOf(label), last = labels.length - 1, target;
    switch (event.key) {
      case 'ArrowRight': target = index === last ? 0 : index + 1; break;
      case 'ArrowLeft': target = index === 0 ? last : index - 1; break;
      case 'Home': target = 0; break;
      case 'End': target = last; break;
      case 'Enter':
      case ' ': target = index; break;
      default: return;
    }
    event.preventDefault();
    selected(set, target, true);
  });

  function setupAll(root) {
    var sets = root.querySelectorAll('.tabbed-set');
    for (var i = 0; i < sets.length; i++) setup(sets[i]);
  }
  setupAll(document);
  // The article was replaced (handbook serve's live update).
  document.addEventListener('hb:content', function (event) {
    setupAll((event.detail && event.detail.root) || document);
  });
})();
