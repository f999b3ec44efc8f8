//! A fast, non-cryptographic hasher (rustc's FxHash) for maps keyed by a log's own
//! values and codes, looked up once per row or event: a few instructions per word,
//! where the standard library's SipHash costs several times as much.

/// The multiply-rotate hash of rustc (FxHash).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(SEED);
    }

    fn write_u128(&mut self, n: u128) {
        self.write_u64(n as u64);
        self.write_u64((n >> 64) as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn finish(&self) -> u64 {
        // The high bits pick hashbrown's control byte: fold the product's well-mixed
        // upper half down as well.
        self.0 ^ (self.0 >> 29)
    }
}

/// A `HashMap` / `HashSet` hasher built with [`FxHasher`].
pub type Fast = std::hash::BuildHasherDefault<FxHasher>;
