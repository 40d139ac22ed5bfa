"""Taking training: lesson progress, quiz attempts and the learning path."""
