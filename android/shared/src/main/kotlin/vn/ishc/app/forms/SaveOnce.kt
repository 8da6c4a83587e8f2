package vn.ishc.app.forms

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.update

/**
 * A form's Save, at most once at a time: marks the form busy (atomically,
 * so a second tap racing the first is ignored), runs [write] on what the
 * form held, and clears busy however [write] ends. Ignored (returns
 * `false`, the state unchanged) while [blocked] holds: another save under
 * way, or the last success's notice still shown (a second tap on Save
 * reaching the just-emptied form must not replace the notice with "fill
 * this in").
 */
internal inline fun <S> MutableStateFlow<S>.saveOnce(
    blocked: (S) -> Boolean,
    busy: (S, Boolean) -> S,
    write: (S) -> Boolean,
): Boolean {
    val held = claim(blocked, busy) ?: return false
    try {
        return write(held)
    } finally {
        update { busy(it, false) }
    }
}

/** Marks the state busy and returns what it held, or `null` when [blocked]. */
@PublishedApi
internal inline fun <S> MutableStateFlow<S>.claim(blocked: (S) -> Boolean, busy: (S, Boolean) -> S): S? {
    while (true) {
        val s = value
        if (blocked(s)) return null
        if (compareAndSet(s, busy(s, true))) return s
    }
}
