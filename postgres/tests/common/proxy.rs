//! A counting TCP proxy on 127.0.0.1 in front of the test server: it relays bytes both ways,
//! reads the protocol's message frames as they pass, and counts the client's messages and its
//! round trips. A round trip starts when the client sends while it has no answer outstanding
//! (every `Sync`, simple `Query` and the start-up message is answered by one `ReadyForQuery`);
//! statements sent before the answers to earlier ones came back (pipelined) ride the same trip.
//! Use it with `sslmode=disable` (the frames must be readable).
//!
//! The server's answers are passed on `delay` late (a network 1 ms away, say): without it a
//! fast local server can answer a client's first pipelined statement before the client's next
//! write of the same batch reaches the proxy, and the batch would look like two trips.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Client round trips (waits for the server).
    pub trips: u64,
    /// Client→server protocol messages.
    pub messages: u64,
}

#[derive(Default)]
struct State {
    counts: Counts,
    /// Requests sent whose ReadyForQuery has not come back.
    outstanding: i64,
    /// The client has sent since the last time it had nothing outstanding.
    in_trip: bool,
}

pub struct Proxy {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl Proxy {
    /// A proxy to `target` ("127.0.0.1:5432") passing the server's answers on `delay` late,
    /// serving until the test process ends.
    pub fn start(target: String, delay: std::time::Duration) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let port = listener.local_addr().expect("proxy addr").port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(server) = TcpStream::connect(&target) else { return };
                let _ = client.set_nodelay(true);
                let _ = server.set_nodelay(true);
                let (c2, s2) = (client.try_clone().expect("clone"), server.try_clone().expect("clone"));
                let (up, down) = (shared.clone(), shared.clone());
                std::thread::spawn(move || relay(client, server, true, up, std::time::Duration::ZERO));
                std::thread::spawn(move || relay(s2, c2, false, down, delay));
            }
        });
        Proxy { port, state }
    }

    /// The counts so far.
    pub fn counts(&self) -> Counts {
        self.state.lock().expect("proxy state").counts
    }

    /// What `f` costs in round trips and messages.
    pub fn measure<T>(&self, f: impl FnOnce() -> T) -> (T, Counts) {
        let before = self.counts();
        let out = f();
        let after = self.counts();
        (out, Counts { trips: after.trips - before.trips, messages: after.messages - before.messages })
    }
}

/// Copies `from` to `to`, reading frames: typed frames (1-byte type, 4-byte length with
/// itself) except the client's first (length, then body).
fn relay(mut from: TcpStream, to: TcpStream, client_side: bool, state: Arc<Mutex<State>>, delay: std::time::Duration) {
    if delay.is_zero() {
        let mut buf = vec![0u8; 64 * 1024];
        let mut reader = Frames::new(client_side, to, state);
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if !reader.pass(&buf[..n]) {
                        break;
                    }
                }
            }
        }
        reader.close();
        return;
    }
    // Read now, pass on `delay` later, in order.
    let (tx, rx) = std::sync::mpsc::channel::<(std::time::Instant, Vec<u8>)>();
    let writer = std::thread::spawn(move || {
        let mut reader = Frames::new(client_side, to, state);
        for (at, bytes) in rx {
            let now = std::time::Instant::now();
            if at > now {
                std::thread::sleep(at - now);
            }
            if !reader.pass(&bytes) {
                break;
            }
        }
        reader.close();
    });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if tx.send((std::time::Instant::now() + delay, buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        }
    }
    drop(tx);
    let _ = writer.join();
}

/// One direction's frame reader: counts, then passes the bytes on.
struct Frames {
    client_side: bool,
    to: TcpStream,
    state: Arc<Mutex<State>>,
    pending: Vec<u8>,
    started: bool,
}

impl Frames {
    fn new(client_side: bool, to: TcpStream, state: Arc<Mutex<State>>) -> Frames {
        Frames { client_side, to, state, pending: Vec::new(), started: !client_side }
    }

    fn close(self) {
        let _ = self.to.shutdown(Shutdown::Write);
    }

    /// Counts the frames `bytes` completes and passes `bytes` on; false when the peer is gone.
    fn pass(&mut self, bytes: &[u8]) -> bool {
        let client_side = self.client_side;
        let started = &mut self.started;
        let pending = &mut self.pending;
        pending.extend_from_slice(bytes);
        {
            let mut st = self.state.lock().expect("proxy state");
            loop {
                let (kind, len) = if !*started {
                    if pending.len() < 4 {
                        break;
                    }
                    (0u8, u32::from_be_bytes([pending[0], pending[1], pending[2], pending[3]]) as usize)
                } else {
                    if pending.len() < 5 {
                        break;
                    }
                    (pending[0], 1 + u32::from_be_bytes([pending[1], pending[2], pending[3], pending[4]]) as usize)
                };
                if pending.len() < len {
                    break;
                }
                pending.drain(..len);
                if client_side {
                    if kind == b'X' {
                        continue; // Terminate: nothing is awaited
                    }
                    if !st.in_trip {
                        st.counts.trips += 1;
                        st.in_trip = true;
                    }
                    st.counts.messages += 1;
                    if !*started || kind == b'S' || kind == b'Q' {
                        st.outstanding += 1;
                    }
                    *started = true;
                } else if kind == b'Z' {
                    st.outstanding -= 1;
                    if st.outstanding <= 0 {
                        st.outstanding = 0;
                        st.in_trip = false;
                    }
                }
            }
        }
        // Counted before it is passed on, so the client's next send sees the new state.
        self.to.write_all(bytes).is_ok()
    }
}
