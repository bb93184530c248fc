//! The three CRCs S3 accepts as checksums, CRC-32 (ISO HDLC), CRC-32C (Castagnoli) and CRC-64/NVME, computed 16
//! bytes at a time ("slicing-by-16": 16 tables of 256 entries, one lookup per byte, no dependency between the 16
//! lookups of a step). All three are reflected CRCs whose initial value and final XOR are all ones, so one routine,
//! over a 32- or a 64-bit register, serves them. Parameters from the CRC catalogue
//! (<https://reveng.sourceforge.io/crc-catalogue/all.htm>: CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME).
//!
//! The tables (16 KiB for each 32-bit CRC, 32 KiB for CRC-64/NVME) are built the first time a CRC is used, in a few
//! microseconds, rather than at compile time: as constants they would add 64 KiB to every wasm module built from
//! this crate (the checksum module's whole budget is 10 KB), and the crc crate's compile-time builders cost 5 KB of
//! code in that module where this one, shared by the three, costs a few hundred bytes.

use alloc::boxed::Box;
use core::ops::{BitAnd, BitXor, Shr};
use once_cell::race::OnceBox;

/// A CRC register: `u32` or `u64`.
pub trait Register:
    Copy + Default + PartialEq + BitXor<Output = Self> + BitAnd<Output = Self> + Shr<u32, Output = Self>
{
    /// All bits set: the initial value and the final XOR of the three CRCs.
    const ONES: Self;
    /// The value 1.
    const ONE: Self;
    /// A byte, zero-extended.
    fn from_byte(byte: u8) -> Self;
    /// The low 8 bits, as a table index.
    fn low_byte(self) -> usize;
    /// The register after one 16-byte block. Written out, lookup by lookup, so that it is as fast when the module is
    /// built for size: a loop over the 16 bytes with a branch on the register's width is not unrolled then, and
    /// computes at a third of the speed (bench/browser-checksum.mjs).
    fn step(tables: &Tables<Self>, register: Self, block: &[u8; 16]) -> Self;
}

/// Table index: byte `i` of a 16-byte block.
fn at(block: &[u8; 16], i: usize) -> usize {
    usize::from(block[i])
}

impl Register for u32 {
    const ONES: Self = u32::MAX;
    const ONE: Self = 1;
    fn from_byte(byte: u8) -> Self {
        u32::from(byte)
    }
    fn low_byte(self) -> usize {
        (self & 0xff) as usize
    }
    fn step(t: &Tables<u32>, register: u32, b: &[u8; 16]) -> u32 {
        // The first 4 bytes meet the register; byte i then passes through 15 - i more bytes: table 15 - i.
        let x = register ^ u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        t[15][x.low_byte()]
            ^ t[14][(x >> 8).low_byte()]
            ^ t[13][(x >> 16).low_byte()]
            ^ t[12][(x >> 24).low_byte()]
            ^ t[11][at(b, 4)]
            ^ t[10][at(b, 5)]
            ^ t[9][at(b, 6)]
            ^ t[8][at(b, 7)]
            ^ t[7][at(b, 8)]
            ^ t[6][at(b, 9)]
            ^ t[5][at(b, 10)]
            ^ t[4][at(b, 11)]
            ^ t[3][at(b, 12)]
            ^ t[2][at(b, 13)]
            ^ t[1][at(b, 14)]
            ^ t[0][at(b, 15)]
    }
}

impl Register for u64 {
    const ONES: Self = u64::MAX;
    const ONE: Self = 1;
    fn from_byte(byte: u8) -> Self {
        u64::from(byte)
    }
    fn low_byte(self) -> usize {
        (self & 0xff) as usize
    }
    fn step(t: &Tables<u64>, register: u64, b: &[u8; 16]) -> u64 {
        // The first 8 bytes meet the register; byte i then passes through 15 - i more bytes: table 15 - i.
        let x = register ^ u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        t[15][x.low_byte()]
            ^ t[14][(x >> 8).low_byte()]
            ^ t[13][(x >> 16).low_byte()]
            ^ t[12][(x >> 24).low_byte()]
            ^ t[11][(x >> 32).low_byte()]
            ^ t[10][(x >> 40).low_byte()]
            ^ t[9][(x >> 48).low_byte()]
            ^ t[8][(x >> 56).low_byte()]
            ^ t[7][at(b, 8)]
            ^ t[6][at(b, 9)]
            ^ t[5][at(b, 10)]
            ^ t[4][at(b, 11)]
            ^ t[3][at(b, 12)]
            ^ t[2][at(b, 13)]
            ^ t[1][at(b, 14)]
            ^ t[0][at(b, 15)]
    }
}

/// 16 tables of 256 entries.
pub type Tables<W> = [[W; 256]; 16];

static CRC32: OnceBox<Tables<u32>> = OnceBox::new();
static CRC32C: OnceBox<Tables<u32>> = OnceBox::new();
static CRC64NVME: OnceBox<Tables<u64>> = OnceBox::new();

/// A CRC in progress.
#[derive(Clone, Copy)]
pub struct SlicedCrc<W: Register + 'static> {
    tables: &'static Tables<W>,
    register: W,
}

impl SlicedCrc<u32> {
    /// CRC-32/ISO-HDLC (as zlib): polynomial 0x04c11db7.
    pub fn crc32() -> Self {
        Self::start(&CRC32, 0x04c1_1db7_u32.reverse_bits())
    }

    /// CRC-32/ISCSI (Castagnoli): polynomial 0x1edc6f41.
    pub fn crc32c() -> Self {
        Self::start(&CRC32C, 0x1edc_6f41_u32.reverse_bits())
    }
}

impl SlicedCrc<u64> {
    /// CRC-64/NVME: polynomial 0xad93d23594c93659.
    pub fn crc64nvme() -> Self {
        Self::start(&CRC64NVME, 0xad93_d235_94c9_3659_u64.reverse_bits())
    }
}

impl<W: Register> SlicedCrc<W> {
    fn start(tables: &'static OnceBox<Tables<W>>, reflected_polynomial: W) -> Self {
        SlicedCrc {
            tables: tables.get_or_init(|| build(reflected_polynomial)),
            register: W::ONES,
        }
    }

    /// Adds bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        let t = self.tables;
        let mut crc = self.register;
        let (blocks, rest) = bytes.as_chunks::<16>();
        for block in blocks {
            crc = W::step(t, crc, block);
        }
        for &byte in rest {
            crc = (crc >> 8) ^ t[0][(crc ^ W::from_byte(byte)).low_byte()];
        }
        self.register = crc;
    }

    /// The CRC of the bytes added.
    pub fn finalize(self) -> W {
        self.register ^ W::ONES
    }
}

/// Table 0 is the CRC of each byte value; table k carries an entry of table k - 1 through one more zero byte.
#[inline(never)]
fn build<W: Register>(reflected_polynomial: W) -> Box<Tables<W>> {
    let mut t: Box<Tables<W>> = Box::new([[W::default(); 256]; 16]);
    for (i, entry) in t[0].iter_mut().enumerate() {
        let mut c = W::from_byte(i as u8);
        for _ in 0..8 {
            let low_bit = c & W::ONE;
            c = c >> 1;
            if low_bit == W::ONE {
                c = c ^ reflected_polynomial;
            }
        }
        *entry = c;
    }
    for k in 1..16 {
        for i in 0..256 {
            let previous = t[k - 1][i];
            t[k][i] = (previous >> 8) ^ t[0][previous.low_byte()];
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crc::{Crc, CRC_32_ISCSI, CRC_32_ISO_HDLC, CRC_64_NVME};

    #[test]
    fn reproduces_the_catalogue_check_values() {
        // The catalogue's check value is the CRC of "123456789".
        let check = |mut c: SlicedCrc<u32>| {
            c.update(b"123456789");
            c.finalize()
        };
        assert_eq!(check(SlicedCrc::crc32()), 0xcbf4_3926);
        assert_eq!(check(SlicedCrc::crc32c()), 0xe306_9283);
        let mut c = SlicedCrc::crc64nvme();
        c.update(b"123456789");
        assert_eq!(c.finalize(), 0xae8b_1486_0a79_9888);
    }

    #[test]
    fn equals_the_crc_crate_at_every_length_and_split() {
        // The crc crate, byte at a time (one table), is an independent implementation.
        let data: alloc::vec::Vec<u8> = (0..300u32).map(|i| (i * 167 % 256) as u8).collect();
        for end in 0..data.len() {
            for split in [0, end / 3, end] {
                let (a, b) = data[..end].split_at(split);
                let mut c32 = SlicedCrc::crc32();
                let mut c32c = SlicedCrc::crc32c();
                let mut c64 = SlicedCrc::crc64nvme();
                for part in [a, b] {
                    c32.update(part);
                    c32c.update(part);
                    c64.update(part);
                }
                let bytes = &data[..end];
                assert_eq!(
                    c32.finalize(),
                    Crc::<u32>::new(&CRC_32_ISO_HDLC).checksum(bytes)
                );
                assert_eq!(
                    c32c.finalize(),
                    Crc::<u32>::new(&CRC_32_ISCSI).checksum(bytes)
                );
                assert_eq!(
                    c64.finalize(),
                    Crc::<u64>::new(&CRC_64_NVME).checksum(bytes)
                );
            }
        }
    }
}
