// A written answer kept while it is written (templates/assessment/answer.html).
// - The draft is saved to the server a few seconds after typing stops, and on leaving the page,
//   and "Draft saved at 10:42am" is said politely to screen readers.
// - A copy stays on the device (localStorage, keyed by person, scenario and attempt) until the
//   server has the same text, so a lost network or sign-in loses nothing; after signing in again
//   it is put back, unless the server holds a newer draft than the one it was written on.
// - Before the sign-in ends a warning offers "Stay signed in".
// Without JavaScript none of this runs: the "Save draft" button and the server's count work.

const STORE = 'lms:answer:'
const SAVE_AFTER_MS = 3000
const KEEP_COPY_DAYS = 7
// Counted as the server counts (lms/assessment/answer_rules.py), so "You have written" agrees.
const WORD = /[\p{L}\p{N}\p{M}_]+(?:[-'][\p{L}\p{N}\p{M}_]+)*/gu

function storage () {
  try {
    return window.localStorage
  } catch {
    return null
  }
}

function readCopy (key) {
  try {
    return JSON.parse(storage()?.getItem(STORE + key) ?? 'null')
  } catch {
    return null
  }
}

function writeCopy (key, copy) {
  try {
    storage()?.setItem(STORE + key, JSON.stringify(copy))
  } catch {
    // full or refused: the server copy still goes
  }
}

function forget (prefix) {
  const store = storage()
  if (!store) return
  for (let i = store.length - 1; i >= 0; i--) {
    const name = store.key(i)
    if (name && name.startsWith(STORE + prefix)) store.removeItem(name)
  }
}

function forgetOld () {
  const store = storage()
  if (!store) return
  const oldest = Date.now() - KEEP_COPY_DAYS * 864e5
  for (let i = store.length - 1; i >= 0; i--) {
    const name = store.key(i)
    if (!name || !name.startsWith(STORE)) continue
    const copy = readCopy(name.slice(STORE.length))
    if (!copy || !(copy.at > oldest)) store.removeItem(name)
  }
}

function wordsText (text) {
  const n = (text.match(WORD) || []).length
  return `${n.toLocaleString('en-GB')} word${n === 1 ? '' : 's'}`
}

function minutesText (seconds) {
  if (seconds >= 90) return `${Math.round(seconds / 60)} minutes`
  if (seconds > 60) return '1 minute'
  const s = Math.max(0, Math.round(seconds))
  return `${s} second${s === 1 ? '' : 's'}`
}

function setUp (form) {
  const textarea = form.querySelector('textarea[name="answer"]')
  const status = form.querySelector('#draft-status')
  const written = form.querySelector('[data-words-written]')
  const warning = form.querySelector('#session-warning')
  const ended = form.querySelector('#session-ended')
  const csrf = form.querySelector('input[name="csrf_token"]')
  const key = form.dataset.draftKey
  let version = form.dataset.draftVersion || ''
  let lastSaved = textarea.value
  let timer = null
  let stopped = false
  let sending = false

  // --- the copy on the device -----------------------------------------------------------
  const copy = readCopy(key)
  if (copy && typeof copy.text === 'string') {
    if (copy.text === textarea.value || copy.base !== version) {
      // the server has this text, or a newer draft than the one the copy was written on
      forget(key)
    } else {
      textarea.value = copy.text
      status.textContent = 'We put back what you wrote on this device. Check it.'
      textarea.dispatchEvent(new Event('input', { bubbles: true }))
      window.setTimeout(() => save(), 0)
    }
  }

  function keepCopy () {
    if (textarea.value === lastSaved) forget(key)
    else writeCopy(key, { text: textarea.value, base: version, at: Date.now() })
  }

  // --- saving ---------------------------------------------------------------------------
  function body () {
    const data = new FormData()
    data.set('answer', textarea.value)
    data.set('base', version)
    data.set('csrf_token', csrf.value)
    data.set('held_for', form.querySelector('input[name="held_for"]').value)
    return data
  }

  function signedOut (message) {
    stopped = true
    warning.hidden = true
    ended.querySelector('[data-session-ended-text]').textContent = message
    ended.hidden = false
    ended.focus()
  }

  let inFlight = false
  async function save ({ leaving = false } = {}) {
    window.clearTimeout(timer)
    if (stopped || sending || textarea.value === lastSaved) return
    if (inFlight && !leaving) return later() // one save at a time, so each names the last version
    const text = textarea.value
    let response
    inFlight = true
    try {
      response = await window.fetch(form.dataset.draftUrl, {
        method: 'POST',
        body: body(),
        headers: { Accept: 'application/json', 'X-CSRFToken': csrf.value },
        credentials: 'same-origin',
        keepalive: leaving
      })
    } catch {
      inFlight = false
      if (!leaving) status.textContent = 'Your draft could not be saved just now. It is kept on this device.'
      return
    }
    inFlight = false
    let answer = {}
    try {
      answer = await response.json()
    } catch {
      answer = {}
    }
    if (response.ok && answer.saved) {
      version = answer.version
      lastSaved = text
      if (answer.csrf_token) csrf.value = answer.csrf_token
      if (status.textContent !== answer.message) status.textContent = answer.message
      keepCopy()
      renew(answer.session_seconds)
      if (textarea.value !== lastSaved) later()
    } else if (answer.error === 'signed_out') {
      signedOut(answer.message)
    } else if (response.status === 401 || response.status === 403 || response.redirected) {
      signedOut('You were signed out. Your answer is kept on this device.')
    } else {
      status.textContent = answer.message || 'Your draft could not be saved just now. It is kept on this device.'
      if (answer.error === 'newer' || answer.error === 'sent') stopped = true
    }
  }

  function later () {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => save(), SAVE_AFTER_MS)
  }

  textarea.addEventListener('input', () => {
    if (written) written.textContent = wordsText(textarea.value)
    keepCopy()
    later()
  })
  form.addEventListener('submit', () => {
    sending = true // the form carries the text; the copy stays until the server has it
    window.clearTimeout(timer)
  })
  let sentOnLeaving = null
  const leave = () => {
    if (sending || textarea.value === sentOnLeaving) return
    sentOnLeaving = textarea.value // pagehide and visibilitychange both come: send it once
    save({ leaving: true })
  }
  window.addEventListener('pagehide', leave)
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') leave()
  })

  // --- the warning before the sign-in ends -------------------------------------------------
  const warnBefore = Number(form.dataset.warningSeconds) * 1000
  const left = warning.querySelector('[data-session-left]')
  let endsAt = 0
  let warnTimer = null
  let endTimer = null
  let tick = null

  function renew (seconds) {
    endsAt = Date.now() + Number(seconds) * 1000
    window.clearTimeout(warnTimer)
    window.clearTimeout(endTimer)
    window.clearInterval(tick)
    if (!warning.hidden) {
      warning.hidden = true
      textarea.focus()
    }
    warnTimer = window.setTimeout(warn, Math.max(0, endsAt - warnBefore - Date.now()))
    // Once the time is up, ask: another page may have kept the sign-in going meanwhile.
    endTimer = window.setTimeout(() => stay(true), Math.max(0, endsAt - Date.now()) + 5000)
  }

  function showLeft () {
    left.textContent = minutesText((endsAt - Date.now()) / 1000)
  }

  function warn () {
    if (stopped) return
    if (textarea.value !== lastSaved) return save() // saving keeps the sign-in going too
    showLeft()
    warning.hidden = false
    warning.focus()
    tick = window.setInterval(showLeft, 15000)
  }

  async function stay (quietly) {
    if (stopped) return
    const data = new FormData()
    data.set('csrf_token', csrf.value)
    try {
      const response = await window.fetch(form.dataset.stayUrl, {
        method: 'POST',
        body: data,
        headers: { Accept: 'application/json', 'X-CSRFToken': csrf.value },
        credentials: 'same-origin'
      })
      const answer = response.ok && !response.redirected ? await response.json() : null
      if (answer && answer.signed_in) {
        renew(answer.session_seconds)
        if (!quietly) status.textContent = 'You are still signed in.'
        return
      }
    } catch {
      if (quietly) return // no network: say nothing until something is sent
    }
    keepCopy()
    signedOut(quietly
      ? 'You were signed out because nothing was sent for a while. Your answer is kept on this device.'
      : 'We could not keep you signed in. Your answer is kept on this device.')
  }

  warning.querySelector('[data-stay-signed-in]').addEventListener('click', () => stay(false))

  renew(form.dataset.sessionSeconds)
}

forgetOld()
document.querySelectorAll('[data-answers-sent]').forEach((element) => {
  for (const prefix of element.dataset.answersSent.split(' ').filter(Boolean)) forget(prefix)
})
document.querySelectorAll('form[data-answer-draft]').forEach(setUp)
// Signing out on this device forgets every copy, so the next person here cannot read them.
document.querySelectorAll('form[action$="/sign-out"]').forEach((form) => {
  form.addEventListener('submit', () => forget(''))
})
