// boundary2_sticky_sessions: sticky sessions, and what they cost
//
// boundary1 moved the sessions out of the web nodes into a shared store. There is another
// common answer: leave each session in the memory of the node that created it, and make
// the balancer *sticky*: it pins each client to one node and sends every request of that
// client there, so the node that holds a session always sees its client again. (Real
// balancers pin by a cookie or by the client's address; here each request comes with its
// client's id.)
//
//     client 3 --+                           +--> node 0  sessions { 3: ada, 7: alan }
//     client 4 --+--> sticky balancer -------+--> node 1  sessions { 4: grace }
//     client 7 --+    pins { 3: 0, 4: 1, 7: 0 }
//
// The appeal: a request needs no call to another machine, the session is right there.
// The price shows when the set of nodes changes. A node that leaves (scaled in, or
// crashed) takes its sessions with it: its clients are pinned elsewhere and must log in
// again. A good sticky balancer keeps that damage to the clients of that node: every
// other client keeps its node, and its session. For the same reason a new node gets none
// of the existing clients, only new ones, so adding a node does not relieve the busy
// ones at once. The balancer itself now holds state too: the table of pins.
//
// Your task: implement `StickyBalancer`.
//   - `add_node` puts a node into service and returns its id: 0, 1, 2, ... in the order
//     the nodes were added, never reused. No client moves to it.
//   - `send` passes a request to the node its client is pinned to. A client that is not
//     pinned yet is first pinned to the node with the fewest pinned clients (the lowest
//     id on a tie). With no node in service, `send` panics.
//   - `remove_node` takes a node out of service and returns it (`None`, and no change, if
//     there is no node with that id). Its clients are re-pinned at once, one at a time in
//     order of client id, each to the node with the fewest pinned clients at that moment
//     (lowest id on a tie); their sessions are gone with the node. Clients of the other
//     nodes do not move. If no node is left, the removed node's clients are unpinned.
//   - `node_of` tells where a client is pinned (`None` if nowhere), `clients_on` how many
//     clients are pinned to a node (0 for an id that is not in service).
// The last test runs the same scenario with web nodes that keep their sessions in a
// shared store instead (boundary1's fix), to show the other side of the trade-off.

// ----- provided: you do not need to change this -----
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// Who sent a request (stands in for a session cookie or a client address).
pub type ClientId = u64;

/// A web node's id in the balancer.
pub type NodeId = usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Login { user: String },
    WhoAmI,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    LoggedIn,
    You { user: String },
    NotLoggedIn,
}

/// A shared session store, as in boundary1. Every call to it is a trip over the network,
/// and it counts them.
#[derive(Debug, Default)]
pub struct SessionStore {
    sessions: RefCell<HashMap<ClientId, String>>,
    calls: Cell<u64>,
}

impl SessionStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many calls the web nodes have made to the store.
    pub fn calls(&self) -> u64 {
        self.calls.get()
    }

    fn save(&self, client: ClientId, user: &str) {
        self.calls.set(self.calls.get() + 1);
        self.sessions.borrow_mut().insert(client, user.to_string());
    }

    fn user_of(&self, client: ClientId) -> Option<String> {
        self.calls.set(self.calls.get() + 1);
        self.sessions.borrow().get(&client).cloned()
    }
}

/// Where a web node keeps its sessions.
enum Sessions {
    InMemory(HashMap<ClientId, String>),
    Shared(Rc<SessionStore>),
}

/// One web node.
pub struct WebNode {
    sessions: Sessions,
}

impl WebNode {
    /// A node that keeps the sessions it creates in its own memory: they die with it.
    pub fn in_memory() -> Self {
        WebNode {
            sessions: Sessions::InMemory(HashMap::new()),
        }
    }

    /// A node that keeps nothing and asks the shared store on every request.
    pub fn backed_by(store: Rc<SessionStore>) -> Self {
        WebNode {
            sessions: Sessions::Shared(store),
        }
    }

    pub fn handle(&mut self, client: ClientId, request: Request) -> Response {
        match (&mut self.sessions, request) {
            (Sessions::InMemory(sessions), Request::Login { user }) => {
                sessions.insert(client, user);
                Response::LoggedIn
            }
            (Sessions::Shared(store), Request::Login { user }) => {
                store.save(client, &user);
                Response::LoggedIn
            }
            (sessions, Request::WhoAmI) => {
                let user = match sessions {
                    Sessions::InMemory(sessions) => sessions.get(&client).cloned(),
                    Sessions::Shared(store) => store.user_of(client),
                };
                match user {
                    Some(user) => Response::You { user },
                    None => Response::NotLoggedIn,
                }
            }
        }
    }
}

// ----- your code -----
use std::collections::BTreeMap;

/// A balancer that pins each client to one web node and remembers the pins.
#[derive(Default)]
pub struct StickyBalancer {
    nodes: BTreeMap<NodeId, WebNode>,
    next_id: NodeId,
    /// The balancer's own state: which node each client is pinned to.
    pins: BTreeMap<ClientId, NodeId>,
}

impl StickyBalancer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts a node into service. Nobody moves to it: it waits for new clients.
    pub fn add_node(&mut self, node: WebNode) -> NodeId {
        let id = self.next_id;
        self.next_id += 1;
        self.nodes.insert(id, node);
        id
    }

    /// Takes a node out of service. Only its own clients move, and they lose their
    /// sessions, which were in that node's memory.
    pub fn remove_node(&mut self, id: NodeId) -> Option<WebNode> {
        let node = self.nodes.remove(&id)?;
        // A BTreeMap iterates in key order: the clients come in order of id.
        let orphans: Vec<ClientId> = self
            .pins
            .iter()
            .filter(|(_, &pinned)| pinned == id)
            .map(|(&client, _)| client)
            .collect();
        for client in &orphans {
            self.pins.remove(client);
        }
        for client in orphans {
            if let Some(target) = self.least_loaded() {
                self.pins.insert(client, target);
            }
        }
        Some(node)
    }

    /// Sends the request to the client's node, pinning the client first if needed.
    pub fn send(&mut self, client: ClientId, request: Request) -> Response {
        let id = match self.pins.get(&client) {
            Some(&id) => id,
            None => {
                let id = self.least_loaded().expect("the balancer has no web nodes");
                self.pins.insert(client, id);
                id
            }
        };
        self.nodes
            .get_mut(&id)
            .expect("every pin names a node in service")
            .handle(client, request)
    }

    pub fn node_of(&self, client: ClientId) -> Option<NodeId> {
        self.pins.get(&client).copied()
    }

    pub fn clients_on(&self, id: NodeId) -> usize {
        self.pins.values().filter(|&&pinned| pinned == id).count()
    }

    /// The node in service with the fewest pinned clients, the lowest id on a tie.
    fn least_loaded(&self) -> Option<NodeId> {
        let mut load: BTreeMap<NodeId, usize> = self.nodes.keys().map(|&id| (id, 0)).collect();
        for pinned in self.pins.values() {
            if let Some(count) = load.get_mut(pinned) {
                *count += 1;
            }
        }
        load.into_iter()
            .min_by_key(|&(id, count)| (count, id))
            .map(|(id, _)| id)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    /// A sticky balancer over `nodes` web nodes that keep sessions in their own memory.
    fn sticky_tier(nodes: usize) -> StickyBalancer {
        let mut balancer = StickyBalancer::new();
        for _ in 0..nodes {
            balancer.add_node(WebNode::in_memory());
        }
        balancer
    }

    fn user(client: ClientId) -> String {
        format!("user{client}")
    }

    fn login(balancer: &mut StickyBalancer, client: ClientId) {
        assert_eq!(
            balancer.send(client, Request::Login { user: user(client) }),
            Response::LoggedIn
        );
    }

    fn logged_in(balancer: &mut StickyBalancer, client: ClientId) -> bool {
        match balancer.send(client, Request::WhoAmI) {
            Response::You { user: who } => {
                assert_eq!(
                    who,
                    user(client),
                    "client {client} got another user's session"
                );
                true
            }
            Response::NotLoggedIn => false,
            other => panic!("WhoAmI answered {other:?}"),
        }
    }

    #[test]
    fn node_ids_count_up_from_zero_and_are_never_reused() {
        let mut balancer = StickyBalancer::new();
        assert_eq!(balancer.add_node(WebNode::in_memory()), 0);
        assert_eq!(balancer.add_node(WebNode::in_memory()), 1);
        assert_eq!(balancer.add_node(WebNode::in_memory()), 2);
        assert!(balancer.remove_node(1).is_some());
        assert!(
            balancer.remove_node(1).is_none(),
            "node 1 is already out of service"
        );
        assert_eq!(
            balancer.add_node(WebNode::in_memory()),
            3,
            "a new node gets a new id, even after a removal"
        );
    }

    #[test]
    fn a_client_always_reaches_the_node_that_holds_its_session() {
        let mut balancer = sticky_tier(3);
        login(&mut balancer, 7);
        let home = balancer
            .node_of(7)
            .expect("client 7 was pinned by its first request");
        for round in 0..6 {
            assert!(
                logged_in(&mut balancer, 7),
                "request {round} after the login: the session lives on node {home}, so the request must go there"
            );
            assert_eq!(balancer.node_of(7), Some(home), "a pin does not change");
        }
    }

    #[test]
    fn new_clients_go_to_the_node_with_the_fewest_clients() {
        let mut balancer = sticky_tier(3);
        for client in [10, 11, 12, 13, 14, 15, 16] {
            login(&mut balancer, client);
        }
        let pins: Vec<Option<NodeId>> = (10..=16).map(|c| balancer.node_of(c)).collect();
        assert_eq!(
            pins,
            vec![
                Some(0),
                Some(1),
                Some(2),
                Some(0),
                Some(1),
                Some(2),
                Some(0)
            ],
            "each new client goes to the node with the fewest clients, the lowest id on a tie"
        );
        assert_eq!(
            (
                balancer.clients_on(0),
                balancer.clients_on(1),
                balancer.clients_on(2)
            ),
            (3, 2, 2)
        );
        assert_eq!(balancer.node_of(99), None, "client 99 has sent nothing yet");
    }

    #[test]
    fn removing_a_node_logs_out_exactly_its_clients() {
        let mut balancer = sticky_tier(4);
        for client in 0..40 {
            login(&mut balancer, client);
        }
        let before: Vec<Option<NodeId>> = (0..40).map(|c| balancer.node_of(c)).collect();
        assert!(balancer.remove_node(1).is_some(), "node 1 is in service");
        let mut logged_out = 0;
        for client in 0..40 {
            let after = balancer.node_of(client);
            if before[client as usize] == Some(1) {
                assert!(
                    matches!(after, Some(node) if node != 1),
                    "client {client} was on node 1, which left: it must be pinned to another node, got {after:?}"
                );
                assert!(
                    !logged_in(&mut balancer, client),
                    "client {client}'s session was in node 1's memory; its new node cannot know it"
                );
                logged_out += 1;
            } else {
                assert_eq!(
                    after, before[client as usize],
                    "client {client} was not on node 1, so it must stay where it is"
                );
                assert!(
                    logged_in(&mut balancer, client),
                    "client {client} was not on node 1: it keeps its node and its session"
                );
            }
        }
        assert_eq!(
            logged_out, 10,
            "node 1 had 10 of the 40 clients: they, and only they, have to log in again"
        );
    }

    #[test]
    fn the_clients_of_a_removed_node_are_spread_over_the_others_and_can_log_in_again() {
        let mut balancer = sticky_tier(4);
        for client in 0..40 {
            login(&mut balancer, client);
        }
        balancer.remove_node(1);
        assert_eq!(balancer.clients_on(1), 0, "node 1 is gone");
        assert_eq!(
            (balancer.clients_on(0), balancer.clients_on(2), balancer.clients_on(3)),
            (14, 13, 13),
            "node 1's 10 clients are re-pinned one at a time, each to the node with the fewest clients"
        );
        // Client 1 was on node 1; it logs in again and stays logged in.
        login(&mut balancer, 1);
        assert!(
            logged_in(&mut balancer, 1),
            "after logging in again on its new node"
        );
    }

    #[test]
    fn a_new_node_takes_new_clients_and_moves_nobody() {
        let mut balancer = sticky_tier(2);
        for client in 0..10 {
            login(&mut balancer, client);
        }
        let before: Vec<Option<NodeId>> = (0..10).map(|c| balancer.node_of(c)).collect();
        assert_eq!(balancer.add_node(WebNode::in_memory()), 2);
        for client in 0..10 {
            assert_eq!(
                balancer.node_of(client),
                before[client as usize],
                "adding a node must not move client {client}: its session is on its old node"
            );
            assert!(logged_in(&mut balancer, client));
        }
        for client in 100..106 {
            login(&mut balancer, client);
        }
        let new_pins: Vec<Option<NodeId>> = (100..106).map(|c| balancer.node_of(c)).collect();
        assert_eq!(
            new_pins,
            vec![Some(2), Some(2), Some(2), Some(2), Some(2), Some(0)],
            "the new node has the fewest clients, so new clients go there until it catches up"
        );
    }

    #[test]
    fn removing_a_node_that_is_not_in_service_changes_nothing() {
        let mut balancer = sticky_tier(2);
        for client in 0..4 {
            login(&mut balancer, client);
        }
        assert!(balancer.remove_node(5).is_none());
        for client in 0..4 {
            assert!(logged_in(&mut balancer, client));
        }
        assert_eq!((balancer.clients_on(0), balancer.clients_on(1)), (2, 2));
    }

    #[test]
    fn the_trade_off_a_shared_store_loses_no_session_but_costs_a_call_per_request() {
        // The same scenario twice: 40 clients log in on 4 nodes, node 1 leaves, everyone
        // asks "who am I?".
        let scenario = |balancer: &mut StickyBalancer| -> usize {
            for client in 0..40 {
                login(balancer, client);
            }
            balancer.remove_node(1);
            (0..40)
                .filter(|&client| !logged_in(balancer, client))
                .count()
        };

        let mut sticky = sticky_tier(4);
        assert_eq!(
            scenario(&mut sticky),
            10,
            "sessions in node memory: exactly node 1's 10 clients lose their sessions (and no request called another machine)"
        );

        let store = Rc::new(SessionStore::new());
        let mut shared = StickyBalancer::new();
        for _ in 0..4 {
            shared.add_node(WebNode::backed_by(store.clone()));
        }
        assert_eq!(
            scenario(&mut shared),
            0,
            "sessions in a shared store: losing a web node loses no session"
        );
        assert_eq!(
            store.calls(),
            80,
            "but each of the 80 requests made a call to the store, a stateful component of its own"
        );
    }
}
