"""The Textual front end. Imports Textual, never TensorFlow."""
