// Tables for every screen: a table that scrolls sideways inside its box becomes a labelled,
// focusable region (so it can be scrolled with the keyboard, and a screen reader names it), and
// a table stacked into cards on a phone keeps its table roles (Safari with VoiceOver drops them
// when CSS changes a table's display). Without JavaScript the tables still read and scroll.

const MARKED = 'appScrollRegion' // data-app-scroll-region: set here, so ours to take away again

function keepTableRoles (table) {
  table.setAttribute('role', 'table')
  for (const group of table.querySelectorAll(':scope > thead, :scope > tbody, :scope > tfoot')) {
    group.setAttribute('role', 'rowgroup')
    for (const row of group.querySelectorAll(':scope > tr')) {
      row.setAttribute('role', 'row')
      for (const cell of row.children) {
        if (cell.tagName === 'TD') {
          cell.setAttribute('role', 'cell')
        } else if (cell.tagName === 'TH') {
          const header = group.tagName === 'THEAD' || cell.getAttribute('scope') === 'col'
          cell.setAttribute('role', header ? 'columnheader' : 'rowheader')
        }
      }
    }
  }
}

function regionName (wrap) {
  const caption = wrap.querySelector('caption')
  const words = caption ? caption.textContent.replace(/\s+/g, ' ').trim() : ''
  return `${words || 'Table'} (scrolls sideways)`
}

function markIfScrolling (wrap) {
  const scrolls = wrap.scrollWidth > wrap.clientWidth + 1
  if (scrolls && !wrap.dataset[MARKED]) {
    wrap.dataset[MARKED] = 'true'
    wrap.setAttribute('tabindex', '0')
    wrap.setAttribute('role', 'region')
    wrap.setAttribute('aria-label', regionName(wrap))
  } else if (!scrolls && wrap.dataset[MARKED]) {
    delete wrap.dataset[MARKED]
    for (const name of ['tabindex', 'role', 'aria-label']) wrap.removeAttribute(name)
  }
}

for (const table of document.querySelectorAll('table.app-table-stack')) keepTableRoles(table)

// A region written into the page (the progress grid) is already focusable and named: leave it.
const wraps = [...document.querySelectorAll('.app-table-wrap:not([tabindex])')]
if (wraps.length && 'ResizeObserver' in window) {
  const watcher = new ResizeObserver(entries => {
    for (const entry of entries) {
      const wrap = entry.target.closest('.app-table-wrap')
      if (wrap) markIfScrolling(wrap)
    }
  })
  for (const wrap of wraps) {
    watcher.observe(wrap)
    for (const table of wrap.querySelectorAll(':scope > table')) watcher.observe(table)
  }
} else {
  wraps.forEach(markIfScrolling)
}
