// scale5_lost_replies: a lost reply looks exactly like a lost request
//
// Retrying in scale3 was safe for two reasons: the request (a maximum) changed
// nothing, and a down node said clearly that it had done nothing. Real networks give
// no such promise. When a client sends a request and hears nothing back, it cannot
// tell which of these happened:
//
//   client --- append 7 ---X                       lost request: the log is unchanged
//
//   client --- append 7 ---------> server          lost reply: 7 IS in the log,
//   client <-----X--- "at #3" ---- server          only the answer never arrived
//
// Both look the same from the client: silence. Asking for a maximum twice does no
// harm, but an append is not like that: retry it after a lost reply and the value
// lands in the log twice. The code below does exactly this: the server applies
// whatever arrives, and the client, although it numbers its requests, gives every
// single try a new number.
//
// The fix has two halves:
//   - the client labels each append with a request id, (client id, sequence number),
//     built like the ids of scale4, and sends every retry of that append with the
//     SAME id; its next append gets the next sequence number;
//   - the server remembers the reply it gave to each client's latest request. When the
//     same request arrives again it sends back that remembered reply and does not
//     apply the append a second time.
//
// That memory is state, kept only to make retries safe, and it must stay bounded. A
// client waits for its reply before it sends the next append, so the server needs only
// each client's latest request: one entry per client, never one per request. A request
// older than a client's latest one is a late copy of work already done: never apply
// it, and answer `None`, since its reply has been forgotten (the client has moved on).
// A client's sequence numbers only grow, but they need not be consecutive: any number
// above the client's latest is a new request.
//
// A repeat does not always arrive at once: other clients' appends may land between the
// first copy and its retry. The repeat must still get the reply its first copy got.
//
// Your task: fix `Client::append` and `Server::handle`, and make `dedupe_len` report how
// many entries the server keeps. The tests lose requests and replies with fixed seeds
// and then check the log: nothing missing, nothing twice, each client's values in order.

// ----- provided: you do not need to change this -----

/// The name of a client.
pub type ClientId = u32;

/// Names one request: which client sent it, and that client's sequence number for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestId {
    pub client: ClientId,
    pub seq: u64,
}

/// The message a client sends: "append `value` to the log".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Append {
    pub id: RequestId,
    pub value: u64,
}

/// The server's reply: the position in the log where the value was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Appended {
    pub index: usize,
}

/// splitmix64: a tiny seeded random source, so the link loses the same messages every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// The network between clients and the server. Each message crossing it, a request on
/// the way there or a reply on the way back, is lost with probability `loss_percent`.
pub struct LossyLink {
    rng: Rng,
    loss_percent: u64,
    /// Requests that never reached the server.
    pub requests_lost: u64,
    /// Replies that never reached the client (the server had done the work).
    pub replies_lost: u64,
}

impl LossyLink {
    pub fn new(seed: u64, loss_percent: u64) -> Self {
        assert!(
            loss_percent < 100,
            "a link that loses everything delivers nothing"
        );
        LossyLink {
            rng: Rng::new(seed),
            loss_percent,
            requests_lost: 0,
            replies_lost: 0,
        }
    }

    /// A link that loses nothing.
    pub fn perfect() -> Self {
        Self::new(0, 0)
    }

    /// Carries `request` to the server and its reply back. `None` means the client heard
    /// nothing, and it cannot know why.
    pub fn call(&mut self, server: &mut Server, request: &Append) -> Option<Appended> {
        if self.lose() {
            self.requests_lost += 1;
            return None;
        }
        // A late copy of an old request gets no reply at all.
        let reply = server.handle(request)?;
        if self.lose() {
            self.replies_lost += 1;
            return None;
        }
        Some(reply)
    }

    fn lose(&mut self) -> bool {
        self.rng.below(100) < self.loss_percent
    }
}

// ----- your code -----

use std::cmp::Ordering;

#[derive(Debug, Default)]
pub struct Server {
    log: Vec<u64>,
    /// The latest request applied, and the reply it got.
    latest: Option<(RequestId, Appended)>,
}

impl Server {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every value appended so far, in order.
    pub fn log(&self) -> &[u64] {
        &self.log
    }

    /// How many entries the server keeps to recognise repeated requests.
    pub fn dedupe_len(&self) -> usize {
        usize::from(self.latest.is_some())
    }

    /// Appends the value and replies with its position in the log. A repeat of a
    /// client's latest request gets the same reply again, and a request older than
    /// that gets `None`; neither is applied again.
    pub fn handle(&mut self, request: &Append) -> Option<Appended> {
        if let Some((latest, reply)) = self.latest {
            if latest.client == request.id.client {
                match request.id.seq.cmp(&latest.seq) {
                    Ordering::Equal => return Some(reply),
                    Ordering::Less => return None,
                    Ordering::Greater => {}
                }
            }
        }
        self.log.push(request.value);
        let reply = Appended {
            index: self.log.len() - 1,
        };
        // A retry comes straight after its first try, so the latest request is enough.
        self.latest = Some((request.id, reply));
        Some(reply)
    }
}

pub struct Client {
    id: ClientId,
    /// The sequence number of this client's latest request.
    seq: u64,
}

impl Client {
    pub fn new(id: ClientId) -> Self {
        Client { id, seq: 0 }
    }

    /// Appends `value` to the server's log through the link, retrying until a reply
    /// comes back, and returns that reply.
    pub fn append(&mut self, link: &mut LossyLink, server: &mut Server, value: u64) -> Appended {
        // One new id per append, not per attempt.
        self.seq += 1;
        let request = Append {
            id: RequestId {
                client: self.id,
                seq: self.seq,
            },
            value,
        };
        loop {
            if let Some(reply) = link.call(server, &request) {
                return reply;
            }
            // Silence: send the very same request again. If the server already applied
            // it, it recognises the id and only repeats its reply.
        }
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// The values client `client` appends: 1001, 1002, ... for client 1.
    fn values_of(client: ClientId, count: u64) -> Vec<u64> {
        (1..=count).map(|i| u64::from(client) * 1_000 + i).collect()
    }

    fn request(client: ClientId, seq: u64, value: u64) -> Append {
        Append {
            id: RequestId { client, seq },
            value,
        }
    }

    #[test]
    fn without_loss_every_append_lands_once_and_in_order() {
        let mut link = LossyLink::perfect();
        let mut server = Server::new();
        let mut client = Client::new(1);
        for (i, value) in values_of(1, 20).into_iter().enumerate() {
            let reply = client.append(&mut link, &mut server, value);
            assert_eq!(
                reply,
                Appended { index: i },
                "value {value} should land at {i}"
            );
        }
        assert_eq!(
            server.log(),
            values_of(1, 20),
            "the log holds every value once, in order"
        );
    }

    #[test]
    fn a_repeated_request_gets_the_same_reply_and_is_applied_once() {
        let mut server = Server::new();
        let first = server.handle(&request(1, 1, 50));
        let again = server.handle(&request(1, 1, 50));
        assert_eq!(
            first,
            Some(Appended { index: 0 }),
            "the first copy is applied"
        );
        assert_eq!(
            again, first,
            "the repeat must get the reply the first copy got"
        );
        assert_eq!(server.log(), [50], "the repeat must not be applied again");
        let next = server.handle(&request(1, 2, 60));
        assert_eq!(
            next,
            Some(Appended { index: 1 }),
            "the next request is a new append"
        );
        assert_eq!(server.log(), [50, 60]);
    }

    #[test]
    fn a_repeat_that_arrives_after_other_clients_appends_gets_its_own_reply() {
        let mut server = Server::new();
        // Client 1's append lands at index 0, but the reply is lost on the way back.
        let first = server.handle(&request(1, 1, 50));
        assert_eq!(first, Some(Appended { index: 0 }));
        // Meanwhile clients 2 and 3 append.
        server.handle(&request(2, 1, 70));
        server.handle(&request(3, 1, 80));
        // Now client 1's retry arrives.
        assert_eq!(
            server.handle(&request(1, 1, 50)),
            first,
            "the retry must get the reply the first copy got (index 0), whatever landed since"
        );
        assert_eq!(
            server.log(),
            [50, 70, 80],
            "and it must not be applied again"
        );
    }

    #[test]
    fn sequence_numbers_only_grow_but_may_skip() {
        let mut server = Server::new();
        assert_eq!(
            server.handle(&request(1, 5, 50)),
            Some(Appended { index: 0 })
        );
        assert_eq!(
            server.handle(&request(1, 9, 60)),
            Some(Appended { index: 1 }),
            "9 is above client 1's latest (5), so it is a new request"
        );
        assert_eq!(server.handle(&request(1, 7, 55)), None, "7 is older than 9");
        assert_eq!(server.log(), [50, 60]);
    }

    #[test]
    fn a_request_older_than_the_latest_from_its_client_is_never_applied() {
        let mut server = Server::new();
        server.handle(&request(1, 1, 50));
        server.handle(&request(1, 2, 60));
        // A late copy of request 1 turns up after request 2 was done.
        assert_eq!(
            server.handle(&request(1, 1, 50)),
            None,
            "its reply is forgotten"
        );
        assert_eq!(
            server.log(),
            [50, 60],
            "a late copy must not be applied again"
        );
    }

    #[test]
    fn lost_replies_do_not_duplicate_appends() {
        let mut link = LossyLink::new(1, 30);
        let mut server = Server::new();
        let mut client = Client::new(1);
        for value in values_of(1, 200) {
            client.append(&mut link, &mut server, value);
        }
        assert!(
            link.replies_lost > 0,
            "this seed loses replies, or the test proves nothing"
        );
        assert_eq!(
            server.log(),
            values_of(1, 200),
            "after lost replies and retries each value must be in the log exactly once"
        );
    }

    #[test]
    fn each_reply_says_where_its_value_is_in_the_log() {
        let mut link = LossyLink::new(2, 40);
        let mut server = Server::new();
        let mut client = Client::new(3);
        let mut replies = Vec::new();
        for value in values_of(3, 100) {
            replies.push((client.append(&mut link, &mut server, value), value));
        }
        for (reply, value) in replies {
            assert_eq!(
                server.log().get(reply.index),
                Some(&value),
                "the reply for {value} points at the wrong place"
            );
        }
    }

    #[test]
    fn interleaved_clients_each_find_their_appends_once_and_in_order() {
        let mut link = LossyLink::new(3, 35);
        let mut server = Server::new();
        let ids: Vec<ClientId> = vec![1, 2, 3, 4];
        let mut clients: Vec<Client> = ids.iter().map(|&id| Client::new(id)).collect();
        for i in 1..=50 {
            for (client, &id) in clients.iter_mut().zip(&ids) {
                client.append(&mut link, &mut server, u64::from(id) * 1_000 + i);
            }
        }
        assert!(
            link.replies_lost > 0 && link.requests_lost > 0,
            "both kinds of loss happen"
        );
        assert_eq!(server.log().len(), 200, "4 clients appended 50 values each");
        for id in ids {
            let theirs: Vec<u64> = server
                .log()
                .iter()
                .copied()
                .filter(|v| v / 1_000 == u64::from(id))
                .collect();
            assert_eq!(
                theirs,
                values_of(id, 50),
                "client {id}'s values must each appear once, in the order it sent them"
            );
        }
    }

    #[test]
    fn the_dedupe_table_holds_one_entry_per_client_however_many_requests() {
        let mut link = LossyLink::new(4, 30);
        let mut server = Server::new();
        let ids: Vec<ClientId> = vec![1, 2, 3];
        let mut clients: Vec<Client> = ids.iter().map(|&id| Client::new(id)).collect();
        for round in 1..=300 {
            for (client, &id) in clients.iter_mut().zip(&ids) {
                client.append(&mut link, &mut server, u64::from(id) * 1_000 + round);
            }
            if round == 10 || round == 300 {
                assert_eq!(
                    server.dedupe_len(),
                    3,
                    "after {round} rounds: one remembered request per client, no more"
                );
            }
        }
    }
}
