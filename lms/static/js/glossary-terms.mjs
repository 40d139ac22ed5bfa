// Glossary terms in lessons and scenarios, shown in place (lms/content/terms.py marks them on
// the server). Without this script each term is a link to the glossary page; here the link
// becomes a button that shows the definition beside it and hides it again, announcing its
// state with aria-expanded. The definition stays the `hidden` span after the button.

let count = 0

function upgrade (term) {
  const link = term.querySelector('a.app-glossary-link')
  const definition = term.querySelector('.app-term__definition')
  if (!link || !definition || term.dataset.upgraded) return
  count += 1
  definition.id = definition.id || `app-term-${count}`
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'app-term__button'
  button.textContent = link.textContent
  button.setAttribute('aria-expanded', 'false')
  button.setAttribute('aria-controls', definition.id)
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true'
    button.setAttribute('aria-expanded', String(open))
    definition.hidden = !open
  })
  link.replaceWith(button)
  term.dataset.upgraded = 'true'
}

export function initGlossaryTerms (root = document) {
  root.querySelectorAll('.app-term').forEach(upgrade)
}

initGlossaryTerms()
