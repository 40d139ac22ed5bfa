// Loaded as <script type="module" src="/static/js/init.mjs"> (CSP forbids inline scripts).
// Replaces govuk-frontend's inline body script: any browser that runs ES modules
// is "supported", so add the class govuk-frontend's CSS and JS look for.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initAll()
import './tables.mjs'
import './read-aloud.mjs'
import './reading.mjs'
import './quiz-save.mjs'
import './answer-draft.mjs'
// Every module above has run (imports run first, then this file's own lines): say so, so the
// browser tests (tests/e2e/screen.py wait_for_scripts) know the page's scripts now listen.
document.documentElement.dataset.scripts = 'ready'
