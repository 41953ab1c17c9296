//! The quiz engine: reading answers into canonical form (`answer`), the stable shuffle of
//! choices (`order`) and scoring (`score`). The quizzes themselves, and their validation, are the
//! course's (`course::quiz`).

pub mod answer;
pub mod order;
pub mod score;
