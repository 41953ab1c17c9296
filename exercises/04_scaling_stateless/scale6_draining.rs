// scale6_draining: scale in gracefully, losing no request in flight
//
// Removing a node in scale2 was one line, because every request there was answered on
// the spot. Real requests take time, so a busy node is always in the middle of a few.
// Switch it off and the requests in flight die with it: their clients get an error, or
// wait for a timeout, although nothing was wrong with their requests. A stateless node
// holds no data, but it does hold work.
//
// So a graceful scale-in DRAINS the node before removing it:
//
//   1. mark it draining: its health check now says `Draining`, and the balancer, which
//      asks the health check before every choice, sends it no new requests;
//   2. let it finish the requests it already has (time passes: `tick`);
//   3. only when nothing is left in flight, take it out of the list and switch it off.
//
//   time -->      drain(2)            tick         tick         remove_drained()
//   node 2:       [r4 r7]  Draining   [r7]         []           out, shut down: nothing lost
//   new requests: go to nodes 1 and 3 only, from the moment node 2 starts draining
//
// The same health check keeps requests away from a crashed node, whose health is
// `Down`. Unlike scale3's `is_up`, which stood for a look inside the machine that no
// balancer has, `health` is a health check: a tiny question the node answers about
// itself, which real balancers ask all the time. Finding out by trying would cost a
// refused request, or worse a timeout, so never send a new request to a node that is
// not `Up`: the tests check that no node ever had to refuse one.
//
// Your task: fix the balancer, which still treats every node as healthy and takes a
// node out the moment it starts draining. `route` sends each new request to the next
// node in turn whose health is `Up`, skipping draining and down nodes; the turn then
// moves on past the node that took the request, so the `Up` nodes share the load
// evenly. With no node `Up` (or no node at all) it returns `Err(NoHealthyNode)`.
// `remove_drained` takes out of the list, and returns, every draining node with nothing
// left in flight; a draining node that is still busy stays in the list, and nodes that
// are `Up` or `Down` are never removed by it.

// ----- provided: you do not need to change this -----

use std::collections::VecDeque;

/// The name of a node.
pub type NodeId = usize;

/// The name of a request.
pub type RequestId = u64;

/// What a node's health check reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// Serving: it takes new requests.
    Up,
    /// On its way out: it finishes the requests it has, and takes no new ones.
    Draining,
    /// Crashed: it does nothing at all until it restarts.
    Down,
}

/// What a node answers when it is sent a request it cannot take.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    pub node: NodeId,
    pub health: Health,
}

/// The error `route` returns when no node is `Up`.
#[derive(Debug, PartialEq, Eq)]
pub struct NoHealthyNode;

/// One server of a stateless service. It keeps no data, only the requests it is working
/// on, and finishes one of them (the oldest) per step of time.
#[derive(Debug)]
pub struct Node {
    pub id: NodeId,
    health: Health,
    in_flight: VecDeque<RequestId>,
    /// Requests this node was sent and refused: an operational counter for the tests.
    pub refused: u64,
}

impl Node {
    pub fn new(id: NodeId) -> Self {
        Node {
            id,
            health: Health::Up,
            in_flight: VecDeque::new(),
            refused: 0,
        }
    }

    /// The health check: what a balancer may ask before sending a request.
    pub fn health(&self) -> Health {
        self.health
    }

    /// How many requests the node has taken and not finished yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Takes a new request, if the node is `Up`.
    pub fn accept(&mut self, request: RequestId) -> Result<(), Refused> {
        if self.health != Health::Up {
            self.refused += 1;
            return Err(Refused {
                node: self.id,
                health: self.health,
            });
        }
        self.in_flight.push_back(request);
        Ok(())
    }

    /// One step of time: finishes the oldest request in flight, if there is one.
    pub fn work(&mut self) -> Option<RequestId> {
        if self.health == Health::Down {
            return None;
        }
        self.in_flight.pop_front()
    }

    /// From now on the node takes no new requests; the ones in flight still finish.
    pub fn start_draining(&mut self) {
        self.health = Health::Draining;
    }

    /// The node crashes: the requests it had in flight are lost, and returned here.
    pub fn crash(&mut self) -> Vec<RequestId> {
        self.health = Health::Down;
        self.in_flight.drain(..).collect()
    }

    /// A crashed node comes back, empty and ready to serve.
    pub fn restart(&mut self) {
        if self.health == Health::Down {
            self.health = Health::Up;
        }
    }

    /// Switches the machine off for good. Whatever it still had in flight is lost, and
    /// returned here.
    pub fn shut_down(self) -> Vec<RequestId> {
        self.in_flight.into_iter().collect()
    }
}

// ----- your code -----

pub struct Balancer {
    nodes: Vec<Node>,
    /// The index in `nodes` of the node whose turn it is.
    next: usize,
}

impl Balancer {
    pub fn new(nodes: Vec<Node>) -> Self {
        Balancer { nodes, next: 0 }
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The ids of the nodes in the list, in rotation order.
    pub fn node_ids(&self) -> Vec<NodeId> {
        self.nodes.iter().map(|node| node.id).collect()
    }

    /// The node with this id, so that tests can crash and restart it.
    pub fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.iter_mut().find(|node| node.id == id)
    }

    /// Scale-out: a new node joins the rotation.
    pub fn add_node(&mut self, node: Node) {
        self.nodes.push(node);
    }

    /// One step of time for every node in the list. Returns the requests that finished.
    pub fn tick(&mut self) -> Vec<RequestId> {
        self.nodes.iter_mut().filter_map(Node::work).collect()
    }

    /// Starts a graceful scale-in of node `id`: it takes no new requests from now on,
    /// but stays in the list to finish the ones it has. `false` if there is no such node.
    pub fn drain(&mut self, id: NodeId) -> bool {
        match self.node_mut(id) {
            Some(node) => {
                node.start_draining();
                true
            }
            None => false,
        }
    }

    /// Sends a new request to the next node in turn that is `Up`, and says which node
    /// took it.
    pub fn route(&mut self, request: RequestId) -> Result<NodeId, NoHealthyNode> {
        // Plain round robin, as in scale1: it never asks a node how it is.
        if self.nodes.is_empty() {
            return Err(NoHealthyNode);
        }
        let index = self.next % self.nodes.len();
        self.next = (index + 1) % self.nodes.len();
        let node = &mut self.nodes[index];
        match node.accept(request) {
            Ok(()) => Ok(node.id),
            Err(_refused) => Err(NoHealthyNode),
        }
    }

    /// Takes out of the list every draining node that has finished all its requests,
    /// and returns them, ready to be shut down. Busy draining nodes stay.
    pub fn remove_drained(&mut self) -> Vec<Node> {
        // As in scale2: a node on its way out is taken out of the list at once.
        let mut removed = Vec::new();
        let mut index = 0;
        while index < self.nodes.len() {
            if self.nodes[index].health() == Health::Draining {
                removed.push(self.nodes.remove(index));
            } else {
                index += 1;
            }
        }
        removed
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(ids: &[NodeId]) -> Balancer {
        Balancer::new(ids.iter().map(|&id| Node::new(id)).collect())
    }

    fn total_refused(balancer: &Balancer) -> u64 {
        balancer.nodes().iter().map(|node| node.refused).sum()
    }

    #[test]
    fn with_every_node_up_requests_go_round_robin() {
        let mut balancer = cluster(&[1, 2, 3]);
        let order: Vec<NodeId> = (0..6).map(|r| balancer.route(r).unwrap()).collect();
        assert_eq!(
            order,
            vec![1, 2, 3, 1, 2, 3],
            "every node is up: plain turns"
        );
    }

    #[test]
    fn a_draining_node_gets_no_new_requests() {
        let mut balancer = cluster(&[1, 2, 3]);
        assert!(balancer.drain(2), "node 2 is in the list");
        assert_eq!(balancer.nodes()[1].health(), Health::Draining);
        for r in 0..6 {
            let node = balancer
                .route(r)
                .expect("nodes 1 and 3 are up, so every request has somewhere to go");
            assert_ne!(node, 2, "request {r} went to node 2, which is draining");
        }
        assert_eq!(
            total_refused(&balancer),
            0,
            "ask the health check before sending: no node should have had to refuse"
        );
    }

    #[test]
    fn the_up_nodes_share_the_load_evenly_around_an_unhealthy_one() {
        let mut balancer = cluster(&[1, 2, 3, 4]);
        assert_eq!(balancer.route(0), Ok(1));
        balancer.drain(2); // it was node 2's turn
        let order: Vec<NodeId> = (1..=6)
            .map(|r| balancer.route(r).expect("nodes 1, 3 and 4 are up"))
            .collect();
        assert_eq!(
            order,
            vec![3, 4, 1, 3, 4, 1],
            "node 2 is skipped, and the turn moves on past the node that took each request"
        );
    }

    #[test]
    fn a_crashed_node_is_skipped_and_serves_again_after_a_restart() {
        let mut balancer = cluster(&[1, 2]);
        balancer.node_mut(1).unwrap().crash();
        for r in 0..4 {
            assert_eq!(
                balancer.route(r),
                Ok(2),
                "node 1 is down: node 2 takes everything"
            );
        }
        assert_eq!(
            total_refused(&balancer),
            0,
            "the health check said node 1 was down"
        );
        balancer.node_mut(1).unwrap().restart();
        let order: Vec<NodeId> = (4..8).map(|r| balancer.route(r).unwrap()).collect();
        assert_eq!(
            order,
            vec![1, 2, 1, 2],
            "node 1 is up again, with nothing to reload: it takes its turns at once"
        );
    }

    #[test]
    fn with_no_node_up_routing_says_so() {
        let mut balancer = cluster(&[1, 2]);
        balancer.drain(1);
        balancer.node_mut(2).unwrap().crash();
        assert_eq!(
            balancer.route(0),
            Err(NoHealthyNode),
            "one draining, one down"
        );
        assert_eq!(total_refused(&balancer), 0, "and nobody was sent a request");
        let mut empty = cluster(&[]);
        assert_eq!(empty.route(0), Err(NoHealthyNode), "no nodes at all");
    }

    #[test]
    fn a_busy_draining_node_stays_until_its_requests_are_finished() {
        let mut balancer = cluster(&[1, 2, 3]);
        for r in 0..6 {
            balancer.route(r).unwrap(); // two requests in flight on every node
        }
        assert_eq!(balancer.nodes()[1].in_flight(), 2);
        balancer.drain(2);
        assert!(
            balancer.remove_drained().is_empty(),
            "node 2 still has 2 requests in flight: removing it now would lose them"
        );
        assert_eq!(
            balancer.node_ids(),
            vec![1, 2, 3],
            "node 2 stays to finish its work"
        );
        let mut finished = balancer.tick();
        assert!(
            balancer.remove_drained().is_empty(),
            "node 2 still has 1 request"
        );
        finished.extend(balancer.tick());
        let removed = balancer.remove_drained();
        let removed_ids: Vec<NodeId> = removed.iter().map(|node| node.id).collect();
        assert_eq!(removed_ids, vec![2], "node 2 is idle now: take it out");
        for node in removed {
            let lost = node.shut_down();
            assert!(
                lost.is_empty(),
                "shutting node 2 down lost requests {lost:?}"
            );
        }
        assert_eq!(balancer.node_ids(), vec![1, 3]);
        finished.sort();
        assert_eq!(finished, vec![0, 1, 2, 3, 4, 5], "every request finished");
    }

    #[test]
    fn an_idle_draining_node_is_removed_at_once_and_the_others_never() {
        let mut balancer = cluster(&[1, 2, 3]);
        balancer.node_mut(3).unwrap().crash();
        assert!(
            balancer.remove_drained().is_empty(),
            "no node is draining: an idle node that is up, or one that is down, stays"
        );
        assert!(!balancer.drain(9), "there is no node 9");
        assert!(balancer.drain(1));
        let removed = balancer.remove_drained();
        assert_eq!(removed.len(), 1, "node 1 had nothing in flight");
        assert_eq!(removed[0].id, 1);
        assert_eq!(
            balancer.node_ids(),
            vec![2, 3],
            "the down node is not scaled in"
        );
        assert_eq!(balancer.route(7), Ok(2));
    }

    #[test]
    fn scaling_in_under_steady_traffic_loses_no_request() {
        let mut balancer = cluster(&[1, 2, 3, 4, 5]);
        let mut accepted = Vec::new();
        let mut finished = Vec::new();
        let mut next_request = 0;
        for step in 0..60 {
            // Six new requests per step: more than five nodes finish, so work piles up.
            for _ in 0..6 {
                if balancer.route(next_request).is_ok() {
                    accepted.push(next_request);
                }
                next_request += 1;
            }
            // Every ten steps the operator scales in one node, down to two.
            if step % 10 == 0 && balancer.node_ids().len() > 2 {
                let id = balancer.node_ids()[0];
                balancer.drain(id);
            }
            finished.extend(balancer.tick());
            for node in balancer.remove_drained() {
                let id = node.id;
                let lost = node.shut_down();
                assert!(
                    lost.is_empty(),
                    "step {step}: node {id} shut down with {lost:?} in flight"
                );
            }
        }
        assert_eq!(
            balancer.node_ids().len(),
            2,
            "three of the five nodes were scaled in"
        );
        assert_eq!(
            total_refused(&balancer),
            0,
            "no request was sent to a draining node"
        );
        while balancer.nodes().iter().any(|node| node.in_flight() > 0) {
            finished.extend(balancer.tick());
        }
        finished.sort();
        assert_eq!(
            finished, accepted,
            "every request a node accepted must finish exactly once"
        );
        assert_eq!(accepted.len(), 360, "some node was up for every request");
    }
}
