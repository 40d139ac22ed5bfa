// Reading settings page: each choice shows on the whole page as soon as it is picked (a live
// preview), before "Save settings" keeps it. Without JavaScript the page shows the saved
// settings, and saving still works. The classes are those base.html puts on <html>
// (lms/reading/settings.py, lms/static/css/reading.css).
const form = document.querySelector('form[data-module="app-reading-settings"]')

const CLASSES = {
  text_size: { large: 'app-reading-text-large', largest: 'app-reading-text-largest' },
  line_spacing: { more: 'app-reading-spacing-more' },
  background: { cream: 'app-reading-background-cream', blue: 'app-reading-background-blue' }
}

function preview () {
  const root = document.documentElement
  const chosen = new FormData(form)
  for (const [field, classes] of Object.entries(CLASSES)) {
    for (const [value, name] of Object.entries(classes)) {
      root.classList.toggle(name, chosen.get(field) === value)
    }
  }
  const note = document.getElementById('reading-preview-note')
  if (note) {
    note.textContent = 'This page now shows your choice. Press Save settings to keep it.'
  }
}

if (form) {
  form.addEventListener('change', preview)
}
