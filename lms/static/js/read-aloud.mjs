// Read aloud: the "Listen" control (templates/_macros/read_aloud.html) reads the parts of the
// page it names with the browser's own speech (window.speechSynthesis), in an English (UK)
// voice where the device has one. Text is spoken a paragraph or list item at a time, long ones
// a few sentences at a time, because some browsers stop a long utterance part-way. What is
// hidden (a closed glossary definition, closed details, text only for screen readers) and the
// control itself are never read. The control is rendered hidden, so without this script no
// dead button shows; where speech is missing, the first control says so in plain words.
import './glossary-terms.mjs'

const UNSUPPORTED = "Your browser cannot read this page aloud. Your phone's own screen reader can."
const FAILED = 'Reading aloud stopped: your browser could not speak. ' +
  "Your phone's own screen reader can read this page."
const NOTHING = 'There is nothing to read here.'
const RATE_KEY = 'app-read-aloud-rate'
const MAX_PIECE = 160 // characters: a few sentences, well under the point where speech stops
const LABELS = { idle: 'Listen', speaking: 'Pause', paused: 'Resume' }
const BLOCK = /^(block|list-item|flex|grid|table|table-row|table-cell|flow-root)$/
const SKIPPED = '.app-read-aloud, .govuk-visually-hidden, script, style, template, input, ' +
  'select, textarea, [aria-hidden="true"]'

const synth = window.speechSynthesis
const supported = Boolean(synth && typeof window.SpeechSynthesisUtterance === 'function')
let voice = null
let active = null

function langOf (candidate) {
  return String(candidate.lang || '').replace('_', '-').toLowerCase()
}

function rank (candidate) {
  const lang = langOf(candidate)
  const base = lang === 'en-gb' ? 0 : lang.startsWith('en') ? 2 : 9
  return base + (candidate.localService === false ? 1 : 0) // a voice on the phone uses no data
}

// Voices often arrive after the page loads (the `voiceschanged` event): choose again then.
function chooseVoice () {
  const voices = Array.from(synth.getVoices ? synth.getVoices() || [] : [])
  voice = voices.filter((v) => rank(v) < 9).sort((a, b) => rank(a) - rank(b))[0] || null
}

function storedRate () {
  try {
    return window.localStorage.getItem(RATE_KEY)
  } catch {
    return null
  }
}

function hiddenElement (element) {
  if (element.hidden || element.matches(SKIPPED)) return true
  const style = window.getComputedStyle(element)
  return style.display === 'none' || style.visibility === 'hidden'
}

// The text a person sees in `root`, as [{ text, element }] a block at a time.
export function chunks (root) {
  const found = []
  let parts = []
  let owner = root
  const flush = () => {
    const text = parts.join('').replace(/\s+/g, ' ').trim()
    if (text) found.push({ text, element: owner })
    parts = []
  }
  const inBlock = (element, walkIt) => {
    flush()
    const before = owner
    owner = element
    walkIt()
    flush()
    owner = before
  }
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        parts.push(child.data)
      } else if (child.tagName === 'BR') {
        parts.push(' ')
      } else if (child.nodeType === Node.ELEMENT_NODE && !hiddenElement(child)) {
        if (child.tagName === 'DETAILS' && !child.open) {
          const summary = child.querySelector('summary')
          if (summary) inBlock(summary, () => walk(summary))
        } else if (BLOCK.test(window.getComputedStyle(child).display)) {
          inBlock(child, () => walk(child))
        } else {
          walk(child)
        }
      }
    }
  }
  walk(root)
  flush()
  return found
}

// A long block as pieces of whole sentences (a very long sentence: at spaces).
export function pieces (text) {
  if (text.length <= MAX_PIECE) return [text]
  // Cut after . ! or ? (and a closing quote) that a space follows, so "£4.50" stays whole.
  const sentences = text.replace(/([.!?]+['"’”)]*)\s+/g, '$1 \u0000').split('\u0000')
  const out = []
  let current = ''
  for (const sentence of sentences.flatMap(byWords)) {
    if (current && (current + sentence).length > MAX_PIECE) {
      out.push(current.trim())
      current = ''
    }
    current += sentence
  }
  if (current.trim()) out.push(current.trim())
  return out
}

function byWords (sentence) {
  if (sentence.length <= MAX_PIECE * 1.5) return [sentence]
  const out = []
  let rest = sentence
  while (rest.length > MAX_PIECE) {
    const cut = rest.lastIndexOf(' ', MAX_PIECE)
    const at = cut > 0 ? cut + 1 : MAX_PIECE
    out.push(rest.slice(0, at))
    rest = rest.slice(at)
  }
  return rest ? [...out, rest] : out
}

class ReadAloud {
  constructor (root) {
    this.root = root
    this.play = root.querySelector('[data-read-aloud-play]')
    this.label = root.querySelector('[data-read-aloud-label]')
    this.stopButton = root.querySelector('[data-read-aloud-stop]')
    this.speed = root.querySelector('[data-read-aloud-speed]')
    this.status = root.querySelector('[data-read-aloud-status]')
    this.state = 'idle'
    this.queue = []
    this.index = 0
    this.turn = 0 // which utterance is ours: events from older (cancelled) ones are ignored
    this.current = null
    const rate = storedRate()
    if (rate && this.speed.querySelector(`option[value="${rate}"]`)) this.speed.value = rate
    this.play.addEventListener('click', () => this.toggle())
    this.stopButton.addEventListener('click', () => this.stop('Stopped.'))
    this.speed.addEventListener('change', () => this.changeSpeed())
  }

  targets () {
    const ids = (this.root.dataset.readAloudTargets || '').split(/\s+/).filter(Boolean)
    return ids.map((id) => document.getElementById(id)).filter(Boolean)
  }

  show (state, message) {
    this.state = state
    this.label.textContent = LABELS[state]
    this.stopButton.hidden = state === 'idle'
    this.root.classList.toggle('app-read-aloud--on', state !== 'idle')
    if (message !== undefined) this.status.textContent = message
  }

  toggle () {
    if (this.state === 'speaking') this.pause()
    else if (this.state === 'paused') this.resume()
    else this.start()
  }

  start () {
    if (active && active !== this) active.stop('')
    active = this
    this.queue = this.targets().flatMap(chunks).flatMap((chunk) =>
      pieces(chunk.text).map((text) => ({ text, element: chunk.element })))
    if (!this.queue.length) return this.show('idle', NOTHING)
    this.index = 0
    synth.cancel()
    if (synth.paused) synth.resume() // a browser left paused would stay silent
    this.show('speaking', 'Reading aloud.')
    this.speak()
  }

  speak () {
    const piece = this.queue[this.index]
    if (!piece) return this.finish()
    const turn = ++this.turn
    const utterance = new window.SpeechSynthesisUtterance(piece.text)
    utterance.lang = 'en-GB'
    if (voice) utterance.voice = voice
    utterance.rate = Number(this.speed.value) || 1
    utterance.onend = () => {
      if (turn !== this.turn) return
      this.index += 1
      if (this.state === 'speaking') this.speak()
    }
    utterance.onerror = (event) => {
      if (turn !== this.turn || ['interrupted', 'canceled'].includes(event && event.error)) return
      this.stop(FAILED)
    }
    this.current = utterance // kept, so the browser cannot drop it before it ends
    this.mark(piece.element)
    synth.speak(utterance)
  }

  pause () {
    synth.pause()
    this.show('paused', 'Paused.')
  }

  resume () {
    this.show('speaking', 'Reading aloud.')
    if (synth.speaking && !this.restart) {
      synth.resume()
    } else { // the browser lost the paused speech (some phones), or the speed changed
      this.restart = false
      this.turn += 1
      synth.cancel()
      synth.resume()
      this.speak()
    }
  }

  changeSpeed () {
    try {
      window.localStorage.setItem(RATE_KEY, this.speed.value)
    } catch {}
    document.querySelectorAll('[data-read-aloud-speed]').forEach((select) => {
      select.value = this.speed.value
    })
    if (this.state === 'paused') this.restart = true
    if (this.state !== 'speaking') return
    this.turn += 1 // the piece being read starts again at the new speed
    synth.cancel()
    this.speak()
  }

  stop (message) {
    this.turn += 1
    if (this.state !== 'idle') synth.cancel()
    this.restart = false
    this.mark(null)
    this.show('idle', message)
    if (active === this) active = null
  }

  finish () {
    this.mark(null)
    this.show('idle', 'Finished.')
    if (active === this) active = null
  }

  mark (element) {
    document.querySelectorAll('.app-read-aloud__current').forEach((old) => {
      if (old !== element) old.classList.remove('app-read-aloud__current')
    })
    if (!element) return
    element.classList.add('app-read-aloud__current')
    if (element.scrollIntoView) element.scrollIntoView({ block: 'nearest' })
  }
}

function unsupported (controls) {
  const first = controls[0]
  first.querySelector('[data-read-aloud-buttons]').hidden = true
  first.querySelector('[data-read-aloud-status]').textContent = UNSUPPORTED
  first.hidden = false
}

export function initReadAloud (root = document) {
  const controls = Array.from(root.querySelectorAll('[data-module="app-read-aloud"]'))
  if (!controls.length) return
  if (!supported) return unsupported(controls)
  chooseVoice()
  if (typeof synth.addEventListener === 'function') {
    synth.addEventListener('voiceschanged', chooseVoice)
  } else {
    synth.onvoiceschanged = chooseVoice
  }
  controls.forEach((control) => {
    control.readAloud = new ReadAloud(control)
    control.hidden = false
  })
  window.addEventListener('pagehide', () => synth.cancel()) // no voice after leaving the page
}

initReadAloud()
