package vn.ishc.app

import java.io.File
import java.nio.file.Path
import java.security.GeneralSecurityException
import javax.crypto.AEADBadTagException
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import vn.ishc.app.demo.DemoClub
import vn.ishc.app.security.WrappedKey
import vn.ishc.core.ClubStore
import vn.ishc.core.IshcException
import vn.ishc.core.NewClub

/**
 * The database key's file (what the app's `DatabaseKey` keeps in
 * noBackupFilesDir), with a software AES key where the phone has its
 * Keystore key, and the key opening a real encrypted store.
 */
class WrappedKeyTest {
    @TempDir
    lateinit var dir: Path

    private fun aesKey(): SecretKey = KeyGenerator.getInstance("AES").apply { init(256) }.generateKey()

    private fun ByteArray.contains(part: ByteArray): Boolean =
        (0..size - part.size).any { i -> part.indices.all { this[i + it] == part[it] } }

    @Test
    fun `a wrapped key comes back only with its wrapping key and unchanged bytes`() {
        val wrapping = aesKey()
        val key = WrappedKey.newKey()
        assertEquals(32, key.size)
        val blob = WrappedKey.wrap(key, wrapping)
        assertEquals(61, blob.size)
        assertEquals(WrappedKey.FILE_BYTES, blob.size)
        assertEquals(1.toByte(), blob[0])
        assertFalse(blob.contains(key), "the key is in the file as it is")
        assertArrayEquals(key, WrappedKey.unwrap(blob, wrapping))
        // A fresh IV each time: the same key wraps to other bytes.
        assertFalse(blob.contentEquals(WrappedKey.wrap(key, wrapping)))

        assertThrows<AEADBadTagException> { WrappedKey.unwrap(blob, aesKey()) }
        for (i in listOf(1, 13, 30, 60)) {
            val changed = blob.copyOf().also { it[i] = (it[i].toInt() xor 1).toByte() }
            assertThrows<AEADBadTagException> { WrappedKey.unwrap(changed, wrapping) }
        }
        val otherVersion = blob.copyOf().also { it[0] = 2 }
        assertThrows<GeneralSecurityException> { WrappedKey.unwrap(otherVersion, wrapping) }
        assertThrows<GeneralSecurityException> { WrappedKey.unwrap(blob.copyOf(60), wrapping) }
        assertThrows<IllegalArgumentException> { WrappedKey.wrap(ByteArray(16), wrapping) }
    }

    @Test
    fun `the key file is replaced whole and its key opens the store it made`() {
        val wrapping = aesKey()
        val file = File(dir.toFile(), "club.key")
        val key = WrappedKey.newKey()
        WrappedKey.write(file, WrappedKey.wrap(key, wrapping))
        assertEquals(listOf("club.key"), dir.toFile().list()!!.toList(), "no temporary file left")

        val db = File(dir.toFile(), "club.sqlite3")
        ClubStore.open(db.path, WrappedKey.unwrap(file.readBytes(), wrapping), "phone-a").use { store ->
            store.createClub(NewClub("CLB ấp 3", DemoClub.COMMUNE, "2024-06-01", null))
        }
        // Written again (a new wrapping of the same key): the store still opens.
        WrappedKey.write(file, WrappedKey.wrap(key, wrapping))
        ClubStore.open(db.path, WrappedKey.unwrap(file.readBytes(), wrapping), "phone-a").use { store ->
            assertEquals("CLB ấp 3", store.club().name)
        }
        // Another key (the demo's) is refused.
        val wrong = assertThrows<IshcException.Invalid> { ClubStore.open(db.path, DemoClub.KEY, "phone-a") }
        assertEquals("store.key_invalid", wrong.code)
    }
}
