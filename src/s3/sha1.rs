//! SHA-1 (FIPS 180-4 §6.1), for `x-amz-checksum-sha1` only: S3 still accepts it as an integrity checksum, where
//! collisions made on purpose do not matter (the uploader chooses the bytes anyway). Written as the specification's
//! loop of 80 rounds rather than taken from RustCrypto's `sha1`, whose unrolled rounds are 3 KB of wasm: a third of
//! the checksum module's 10 KB budget. Checked against FIPS 180-2's examples and `node:crypto`.

/// A SHA-1 in progress.
#[derive(Clone)]
pub struct Sha1 {
    state: [u32; 5],
    block: [u8; 64],
    filled: usize,
    length: u64,
}

impl Default for Sha1 {
    fn default() -> Self {
        Sha1 {
            state: [
                0x6745_2301,
                0xefcd_ab89,
                0x98ba_dcfe,
                0x1032_5476,
                0xc3d2_e1f0,
            ],
            block: [0; 64],
            filled: 0,
            length: 0,
        }
    }
}

impl Sha1 {
    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        self.length = self.length.wrapping_add(bytes.len() as u64);
        for &byte in bytes {
            // Byte by byte into the block (`filled` stays below 64): no slice bounds to check, and SHA-1 is the
            // one algorithm here that nothing uses for speed.
            if let Some(slot) = self.block.get_mut(self.filled) {
                *slot = byte;
            }
            self.filled += 1;
            if self.filled == 64 {
                compress(&mut self.state, &self.block);
                self.filled = 0;
            }
        }
    }

    /// The 20-byte digest.
    pub fn finalize(mut self) -> [u8; 20] {
        let bits = self.length.wrapping_mul(8);
        // Padding: a 1 bit, zeros up to 56 bytes mod 64, then the length in bits, big-endian.
        self.update(&[0x80]);
        while self.filled != 56 {
            self.update(&[0]);
        }
        self.update(&bits.to_be_bytes());
        let mut out = [0u8; 20];
        for (bytes, word) in out.chunks_exact_mut(4).zip(self.state) {
            bytes.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

fn compress(state: &mut [u32; 5], block: &[u8; 64]) {
    let mut w = [0u32; 80];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    for t in 16..80 {
        w[t] = (w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    for (t, word) in w.iter().enumerate() {
        let (f, k) = match t {
            0..=19 => ((b & c) | (!b & d), 0x5a82_7999),
            20..=39 => (b ^ c ^ d, 0x6ed9_eba1),
            40..=59 => ((b & c) | (b & d) | (c & d), 0x8f1b_bcdc),
            _ => (b ^ c ^ d, 0xca62_c1d6),
        };
        let temp = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(*word);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = temp;
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e]) {
        *s = s.wrapping_add(v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(digest: [u8; 20]) -> alloc::string::String {
        let mut out = [0u8; 40];
        crate::encoding::hex_lower_into(&digest, &mut out);
        alloc::string::String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn reproduces_the_fips_examples() {
        // FIPS 180-2 appendix A: "abc", the two-block message, and a million "a" (fed in uneven pieces).
        let mut h = Sha1::default();
        h.update(b"abc");
        assert_eq!(
            hex(h.finalize()),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        let mut h = Sha1::default();
        h.update(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        assert_eq!(
            hex(h.finalize()),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        let mut h = Sha1::default();
        let a = [b'a'; 1000];
        for i in 0..1000 {
            h.update(&a[..i % 7 + 1]);
            h.update(&a[..999 - i % 7]);
        }
        assert_eq!(
            hex(h.finalize()),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
        assert_eq!(
            hex(Sha1::default().finalize()),
            "da39a3ee5e6b4b0d3255bfef95601890afd80709"
        );
    }
}
