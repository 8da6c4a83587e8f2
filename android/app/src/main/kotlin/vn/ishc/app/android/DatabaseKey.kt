package vn.ishc.app.android

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import java.io.File
import java.security.GeneralSecurityException
import java.security.KeyStore
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import vn.ishc.app.security.WrappedKey

/**
 * The club database's key (the core encrypts the database with it,
 * SQLCipher): 32 random bytes made on the first start, kept in [dir]
 * (`noBackupFilesDir`, never backed up, readable once the phone has been
 * unlocked after a restart) as [FILE], encrypted with AES-256-GCM by a key
 * that the Android Keystore makes and never lets out ([ALIAS]). A copy of
 * the phone's files is useless without this phone's Keystore.
 *
 * The Keystore key asks for no user authentication and is not limited to an
 * unlocked screen: the periodic sync (WorkManager) may start the app's
 * process while the phone is locked, and must then open the database.
 * (`setUnlockedDeviceRequired(true)`, API 28+, would refuse that
 * unwrapping until the phone is unlocked, so such a sync would fail; the
 * iOS app makes the same choice with
 * `kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly`.)
 */
class DatabaseKey(private val dir: File) {
    /**
     * The key, made and stored on the first call; a new array each call,
     * which the caller wipes after use. If the Keystore key is gone or no
     * longer opens the file (the phone's Keystore was reset) and [database]
     * does not exist yet, a new key replaces the old one (nothing was
     * encrypted with it); if [database] exists, throws
     * [GeneralSecurityException]: a new key could not open it, and the old
     * file is kept in case the Keystore comes back.
     * Throws [java.io.IOException] if the file cannot be read or written.
     */
    @Synchronized
    fun get(database: File): ByteArray {
        val file = File(dir, FILE)
        if (!file.exists()) return create(file)
        val wrapping = keystoreKey()
        val unwrapped = try {
            if (wrapping == null) throw GeneralSecurityException("no Keystore key $ALIAS")
            WrappedKey.unwrap(file.readBytes(), wrapping)
        } catch (e: GeneralSecurityException) {
            if (database.exists()) throw GeneralSecurityException("the database key cannot be unwrapped: ${e.message}", e)
            null
        }
        return unwrapped ?: create(file)
    }

    private fun create(file: File): ByteArray {
        val wrapping = keystoreKey() ?: newKeystoreKey()
        val key = WrappedKey.newKey()
        WrappedKey.write(file, WrappedKey.wrap(key, wrapping))
        return key
    }

    private fun keystoreKey(): SecretKey? {
        val store = KeyStore.getInstance(KEYSTORE).apply { load(null) }
        return store.getKey(ALIAS, null) as? SecretKey
    }

    private fun newKeystoreKey(): SecretKey {
        val spec = KeyGenParameterSpec.Builder(ALIAS, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            // The Keystore picks every IV (the default; said for the reader).
            .setRandomizedEncryptionRequired(true)
            .setUserAuthenticationRequired(false)
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, KEYSTORE).run {
            init(spec)
            generateKey()
        }
    }

    companion object {
        /** The wrapped key's file name in `noBackupFilesDir`. */
        const val FILE = "club.sqlite3.key"

        /** The Keystore key's alias. */
        const val ALIAS = "vn.ishc.database-key-wrapping"

        private const val KEYSTORE = "AndroidKeyStore"
    }
}
