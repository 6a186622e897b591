"""The Training view: the register of training sessions and the session form."""
