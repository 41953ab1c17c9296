// scale2_membership: adding and removing nodes while traffic flows
//
// The second gift of statelessness: you can change how many nodes you run at any
// moment. A new node knows nothing, and needs to know nothing, so it can take its
// first request the moment it joins. A node that leaves takes nothing with it, so
// there is no data to copy out before it goes. Scaling up or down is just editing the
// balancer's list of nodes. (Here every request is answered on the spot; scale6 deals
// with a node that leaves in the middle of its work.)
//
//   before:    balancer --> [ node 1, node 2, node 3 ]
//   add 4:     balancer --> [ node 1, node 2, node 3, node 4 ]   node 4 serves at once
//   remove 2:  balancer --> [ node 1, node 3, node 4 ]           nothing to move off it
//
// The balancer below is the round-robin one from the previous exercise. It was
// written for a list that never changes, and that assumption now bites: after a
// removal the stored turn may point past the end of the list, and after removing
// every node there is nobody to ask at all.
//
// Your task: write `remove_node`, and make `handle` safe for a list that grows and
// shrinks. With no nodes, `handle` returns `Err(NoNodes)` instead of panicking. A node
// that joins takes traffic in the very next round, a removed node gets no more
// requests, and after any change the next round of requests (one per node) reaches
// every node exactly once.
//
// A removal must not cost any other node its turn. If the node whose turn it is
// stays, it still goes next; if it is the node removed, the node after it goes next
// (wrapping round to the first). Starting the rotation again from the first node would
// let the nodes at the front serve twice while the ones further back lose their turn.

// ----- provided: you do not need to change this -----

/// The name of a node.
pub type NodeId = usize;

/// A node's answer, labelled with the node that produced it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reply {
    pub node: NodeId,
    pub maximum: Option<i64>,
}

/// One server of a stateless service that answers "what is the largest of these
/// numbers?". `served` is an operational counter for the operator's dashboard, not
/// state: it never changes an answer.
#[derive(Debug)]
pub struct Node {
    pub id: NodeId,
    pub served: u64,
}

impl Node {
    pub fn new(id: NodeId) -> Self {
        Node { id, served: 0 }
    }

    pub fn handle(&mut self, numbers: &[i64]) -> Reply {
        self.served += 1;
        Reply {
            node: self.id,
            maximum: numbers.iter().copied().max(),
        }
    }
}

/// The error `handle` returns when the balancer has no node to send a request to.
#[derive(Debug, PartialEq, Eq)]
pub struct NoNodes;

// ----- your code -----

#[derive(Default)]
pub struct Balancer {
    nodes: Vec<Node>,
    /// The index in `nodes` of the node whose turn it is.
    next: usize,
}

impl Balancer {
    /// A balancer with no nodes yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The ids of the nodes currently taking traffic, in rotation order.
    pub fn node_ids(&self) -> Vec<NodeId> {
        self.nodes.iter().map(|node| node.id).collect()
    }

    /// Puts a new node into the rotation. Nothing has to be copied to it first.
    pub fn add_node(&mut self, node: Node) {
        self.nodes.push(node);
    }

    /// Takes the node with this id out of the rotation and hands it back, or returns
    /// `None` if there is no such node.
    pub fn remove_node(&mut self, id: NodeId) -> Option<Node> {
        let index = self.nodes.iter().position(|node| node.id == id)?;
        // The list changed: start the rotation again from the first node.
        self.next = 0;
        Some(self.nodes.remove(index))
    }

    /// Sends the request to the node whose turn it is and returns its reply.
    pub fn handle(&mut self, numbers: &[i64]) -> Result<Reply, NoNodes> {
        if self.nodes.is_empty() {
            return Err(NoNodes);
        }
        // The list may have shrunk since the turn was stored: bring it back in range.
        let index = self.next % self.nodes.len();
        let reply = self.nodes[index].handle(numbers);
        self.next = (index + 1) % self.nodes.len();
        Ok(reply)
    }
}

// ===== TESTS: the specification. Edit only above this line. =====
#[cfg(test)]
mod tests {
    use super::*;

    fn balancer_with(ids: &[NodeId]) -> Balancer {
        let mut balancer = Balancer::new();
        for &id in ids {
            balancer.add_node(Node::new(id));
        }
        balancer
    }

    /// Sends one request per node and returns which nodes answered, sorted.
    fn one_round(balancer: &mut Balancer) -> Vec<NodeId> {
        let mut answered: Vec<NodeId> = (0..balancer.node_ids().len())
            .map(|_| balancer.handle(&[1]).expect("there are nodes").node)
            .collect();
        answered.sort();
        answered
    }

    #[test]
    fn a_balancer_without_nodes_says_so_instead_of_panicking() {
        let mut balancer = Balancer::new();
        assert_eq!(
            balancer.handle(&[1, 2, 3]),
            Err(NoNodes),
            "no nodes, no answer"
        );
    }

    #[test]
    fn an_added_node_takes_traffic_in_the_next_round() {
        let mut balancer = balancer_with(&[1, 2]);
        for _ in 0..3 {
            balancer.handle(&[5]).unwrap();
        }
        balancer.add_node(Node::new(3));
        assert_eq!(
            one_round(&mut balancer),
            vec![1, 2, 3],
            "the next three requests should reach all three nodes, including the new one"
        );
    }

    #[test]
    fn a_fresh_node_answers_like_the_nodes_that_were_there_before() {
        let mut balancer = balancer_with(&[1]);
        balancer.add_node(Node::new(2));
        let first = balancer.handle(&[8, 3, 12]).unwrap();
        let second = balancer.handle(&[8, 3, 12]).unwrap();
        assert_eq!(
            (first.node, second.node),
            (1, 2),
            "one request to each node"
        );
        assert_eq!(
            second.maximum, first.maximum,
            "the new node needed no data copied to it to give the same answer"
        );
    }

    #[test]
    fn removing_the_node_whose_turn_it_is_does_not_break_the_balancer() {
        let mut balancer = balancer_with(&[1, 2, 3]);
        balancer.handle(&[0]).unwrap();
        balancer.handle(&[0]).unwrap();
        // It is node 3's turn now, and node 3 leaves.
        let removed = balancer.remove_node(3).expect("node 3 was in the rotation");
        assert_eq!(removed.id, 3, "remove_node hands back the node it removed");
        let order: Vec<NodeId> = (0..4)
            .map(|_| balancer.handle(&[0]).unwrap().node)
            .collect();
        assert_eq!(
            order,
            vec![1, 2, 1, 2],
            "the rotation goes on with the nodes that are left"
        );
    }

    #[test]
    fn a_removal_does_not_cost_any_other_node_its_turn() {
        let mut balancer = balancer_with(&[1, 2, 3, 4]);
        for _ in 0..3 {
            balancer.handle(&[0]).unwrap(); // nodes 1, 2 and 3; now it is node 4's turn
        }
        balancer.remove_node(1);
        let order: Vec<NodeId> = (0..4)
            .map(|_| balancer.handle(&[0]).unwrap().node)
            .collect();
        assert_eq!(
            order,
            vec![4, 2, 3, 4],
            "it was node 4's turn before node 1 left, so node 4 still goes next"
        );

        let mut balancer = balancer_with(&[1, 2, 3, 4]);
        balancer.handle(&[0]).unwrap(); // node 1; now it is node 2's turn
        balancer.remove_node(2);
        let order: Vec<NodeId> = (0..4)
            .map(|_| balancer.handle(&[0]).unwrap().node)
            .collect();
        assert_eq!(
            order,
            vec![3, 4, 1, 3],
            "node 2 left on its turn, so the node after it, node 3, goes next"
        );
    }

    #[test]
    fn a_removed_node_gets_no_more_requests() {
        let mut balancer = balancer_with(&[1, 2, 3, 4]);
        balancer.handle(&[0]).unwrap();
        let removed = balancer.remove_node(2).expect("node 2 was in the rotation");
        for _ in 0..20 {
            let reply = balancer.handle(&[7, 1]).unwrap();
            assert_ne!(reply.node, 2, "node 2 was removed but still got a request");
            assert_eq!(
                reply.maximum,
                Some(7),
                "node {} answered wrongly",
                reply.node
            );
        }
        assert_eq!(removed.served, 0, "node 2 served nothing before it left");
        assert_eq!(
            balancer.node_ids(),
            vec![1, 3, 4],
            "the others stay, in order"
        );
    }

    #[test]
    fn removing_an_unknown_node_changes_nothing() {
        let mut balancer = balancer_with(&[1, 2]);
        assert!(
            balancer.remove_node(9).is_none(),
            "there is no node 9 to remove"
        );
        assert_eq!(balancer.node_ids(), vec![1, 2], "the rotation is unchanged");
        assert_eq!(one_round(&mut balancer), vec![1, 2]);
    }

    #[test]
    fn removing_every_node_gives_an_error_and_adding_one_back_recovers() {
        let mut balancer = balancer_with(&[1, 2]);
        balancer.handle(&[0]).unwrap();
        assert!(balancer.remove_node(1).is_some());
        assert!(balancer.remove_node(2).is_some());
        assert_eq!(balancer.handle(&[4]), Err(NoNodes), "every node is gone");
        balancer.add_node(Node::new(5));
        assert_eq!(
            balancer.handle(&[4]),
            Ok(Reply {
                node: 5,
                maximum: Some(4)
            }),
            "a node added to an empty balancer serves at once"
        );
    }

    #[test]
    fn after_every_change_the_next_round_reaches_every_node_once() {
        let mut balancer = balancer_with(&[1, 2, 3]);
        balancer.handle(&[0]).unwrap();
        balancer.add_node(Node::new(4));
        assert_eq!(one_round(&mut balancer), vec![1, 2, 3, 4]);
        balancer.handle(&[0]).unwrap();
        balancer.remove_node(1);
        assert_eq!(one_round(&mut balancer), vec![2, 3, 4]);
        balancer.add_node(Node::new(5));
        balancer.remove_node(4);
        balancer.handle(&[0]).unwrap();
        assert_eq!(one_round(&mut balancer), vec![2, 3, 5]);
    }
}
