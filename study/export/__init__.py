"""Questions leaving the app: flashcards (Anki, CSV) and LMS banks (Moodle XML, GIFT, QTI)."""
