// Quiz answers saved as they are chosen (templates/training/quiz.html, form[data-quiz-save]).
// On each change the changed question's answer is posted as JSON, with the form's CSRF token,
// to the attempt's save address (lms/training/routes.py save_answers). "3 of 10 answered" is
// updated after the answers settle, so screen readers hear it once, not on every key press.
// Without this script the form's "Save my answers" button saves the same answers.

const WAIT_MS = 600 // one save per question after the last change (arrow keys move fast)
const FAILED = 'Your last answer was not saved. Check your connection, then choose Save my answers.'
const SIGNED_OUT = 'You have been signed out, so your last answer was not saved. Sign in again to carry on.'
// A 400 page, not JSON: the form's CSRF token has run out, usually because the session ended.
const RELOAD = 'Your last answer was not saved. You may have been signed out. Reload the page to check.'
const SAVED_HINT = 'Your answers are saved as you choose them. You can leave and come back later.'

function answersOf (form, name) {
  return Array.from(form.elements)
    .filter((el) => el.name === name && el.checked)
    .map((el) => el.value)
}

function answeredCount (form, names) {
  return names.filter((name) => answersOf(form, name).length > 0).length
}

function setUp (form) {
  const url = form.dataset.quizSave
  const token = form.querySelector('input[name="csrf_token"]')
  if (!url || !token) return
  const names = [...new Set(Array.from(form.elements)
    .map((el) => el.name)
    .filter((name) => name && name.startsWith('answer-')))]
  const counts = document.querySelectorAll('[data-quiz-answered]')
  const status = form.querySelector('[data-quiz-save-status]')
  const hint = document.querySelector('[data-quiz-save-hint]')
  if (hint) hint.textContent = SAVED_HINT
  const timers = new Map()
  let countTimer = null

  function showCount () {
    const text = `${answeredCount(form, names)} of ${names.length} answered`
    counts.forEach((el) => { if (el.textContent !== text) el.textContent = text })
  }

  // Said twice: under the question (seen where the trainee is) and by the buttons (a polite
  // live region, so a screen reader hears it once).
  const failed = new Set()
  function say (name, text) {
    const here = form.querySelector(`[data-quiz-save-status-for="${name}"]`)
    if (here) here.textContent = text
    if (text) failed.add(name)
    else failed.delete(name)
    const shown = text || (failed.size && status ? status.textContent : '')
    if (status && status.textContent !== shown) status.textContent = shown
  }

  async function save (name, keepalive = false) {
    timers.delete(name)
    let response
    try {
      response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        redirect: 'manual', // signed out: the sign-in page is no answer to a save
        keepalive,
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-CSRFToken': token.value
        },
        body: JSON.stringify({ answers: { [name]: answersOf(form, name) } })
      })
    } catch (error) { // a network error: nothing reached the server
      say(name, FAILED)
      return
    }
    if (response.ok) {
      say(name, '')
      return
    }
    if (response.type === 'opaqueredirect') {
      say(name, SIGNED_OUT) // the sign-in page, asked for instead of a save
      return
    }
    const body = await response.json().catch(() => ({}))
    say(name, body.message || (response.status === 400 ? RELOAD : FAILED))
  }

  form.addEventListener('change', (event) => {
    const name = event.target.name
    if (!name || !name.startsWith('answer-')) return
    clearTimeout(timers.get(name))
    timers.set(name, setTimeout(() => save(name), WAIT_MS))
    clearTimeout(countTimer)
    countTimer = setTimeout(showCount, WAIT_MS)
  })

  // Leaving the page (a link, the back button, closing the tab): send what is still waiting.
  window.addEventListener('pagehide', () => {
    for (const [name, timer] of timers) {
      clearTimeout(timer)
      save(name, true)
    }
  })
  form.addEventListener('submit', () => {
    for (const timer of timers.values()) clearTimeout(timer)
    timers.clear()
  })
}

document.querySelectorAll('form[data-quiz-save]').forEach(setUp)
