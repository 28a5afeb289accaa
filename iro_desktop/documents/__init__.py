"""What the IRO writes: the letter's content model and text format, readability, the words
children asked for, and the IRO's phrase bank and templates."""
