"""The statement grammar ships as package data (``communique.grammar``)."""
