"""E-learning: accredited modules with quizzes, certificates and trainer views."""
