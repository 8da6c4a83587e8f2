package vn.ishc.app.security

import java.io.File
import java.io.FileOutputStream
import java.security.GeneralSecurityException
import java.security.SecureRandom
import javax.crypto.Cipher
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * The club database's key at rest: 32 random bytes (the core's SQLCipher
 * key), kept in a file encrypted and authenticated with AES-256-GCM by a
 * wrapping key. On the phone the wrapping key lives in the Android
 * Keystore and never leaves it (`DatabaseKey` in :app); the tests use a
 * software key. Plain `javax.crypto`, so it runs on the JVM too.
 *
 * The file: a version byte (1), the 12-byte IV the cipher chose, then the
 * 32 encrypted bytes and the 16-byte tag (61 bytes), bound to [PURPOSE]
 * as additional data so it cannot pass for another wrapped value.
 */
object WrappedKey {
    /** Length of a database key, bytes (256 bits). */
    const val KEY_BYTES = 32

    private const val VERSION: Byte = 1
    private const val IV_BYTES = 12
    private const val TAG_BITS = 128
    private const val TRANSFORMATION = "AES/GCM/NoPadding"
    private val PURPOSE = "vn.ishc club database key v1".toByteArray(Charsets.UTF_8)

    /** Length of a wrapped key file, bytes. */
    const val FILE_BYTES = 1 + IV_BYTES + KEY_BYTES + TAG_BITS / 8

    /** A new random database key. */
    fun newKey(random: SecureRandom = SecureRandom()): ByteArray = ByteArray(KEY_BYTES).also { random.nextBytes(it) }

    /**
     * [key] encrypted with [wrapping] (the cipher picks the IV: the Android
     * Keystore insists on it). Throws [IllegalArgumentException] unless
     * [key] is [KEY_BYTES] long, [GeneralSecurityException] if the cipher
     * refuses the wrapping key.
     */
    fun wrap(key: ByteArray, wrapping: SecretKey): ByteArray {
        require(key.size == KEY_BYTES) { "a database key is $KEY_BYTES bytes, got ${key.size}" }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, wrapping)
        cipher.updateAAD(PURPOSE)
        val iv = cipher.iv
        check(iv.size == IV_BYTES) { "the cipher chose a ${iv.size}-byte IV" }
        val sealed = cipher.doFinal(key)
        return byteArrayOf(VERSION) + iv + sealed
    }

    /**
     * The key in [blob], made by [wrap] with the same [wrapping] key.
     * Throws [GeneralSecurityException] (`AEADBadTagException`) for another
     * wrapping key or a changed byte, and for a blob that is not a wrapped
     * key of this version (the wrong length or version).
     */
    fun unwrap(blob: ByteArray, wrapping: SecretKey): ByteArray {
        if (blob.size != FILE_BYTES || blob[0] != VERSION) {
            throw GeneralSecurityException("not a wrapped database key (${blob.size} bytes, version ${blob.firstOrNull()})")
        }
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, wrapping, GCMParameterSpec(TAG_BITS, blob, 1, IV_BYTES))
        cipher.updateAAD(PURPOSE)
        return cipher.doFinal(blob, 1 + IV_BYTES, blob.size - 1 - IV_BYTES)
    }

    /**
     * Writes [blob] to [file] through a temporary file beside it, synced and
     * renamed over [file]: a kill mid-write leaves the old file or none,
     * never half of one. Throws [java.io.IOException].
     */
    fun write(file: File, blob: ByteArray) {
        val tmp = File(file.parentFile, file.name + ".tmp")
        FileOutputStream(tmp).use { out ->
            out.write(blob)
            out.fd.sync()
        }
        if (!tmp.renameTo(file)) {
            tmp.delete()
            throw java.io.IOException("could not rename $tmp to $file")
        }
    }
}
