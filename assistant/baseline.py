"""The retrieval a LangChain tutorial sets up, on the same corpus and model, for comparison."""

import time
import uuid
from pathlib import Path

from assistant.types import Passage
from corpus.errors import ClusterAssistantError
from corpus.files import discover
from corpus.load import load
from corpus.metadata import read_metadata


class TutorialBaseline:
    """RecursiveCharacterTextSplitter(1000, 200) chunks, plain similarity search, k=5, in memory."""

    def __init__(self, corpus_dir: Path, embeddings, k: int = 5) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        metadata = read_metadata(corpus_dir)
        pages = []
        for path in discover(corpus_dir, corpus_dir):
            try:
                pages.extend(load(path, corpus_dir, metadata))
            except ClusterAssistantError:
                continue  # the real ingest reports these; the baseline just leaves them out
        chunks = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(pages)
        client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
        self.store = Chroma(collection_name=f"baseline-{uuid.uuid4().hex[:8]}", client=client,
                            embedding_function=embeddings, collection_metadata={"hnsw:space": "cosine"})
        self.store.add_documents(chunks)
        self.k = k
        self.chunks = len(chunks)

    def retrieve(self, question: str) -> tuple[list[Passage], float]:
        """The top ``k`` chunks for a question (history is not used), and the milliseconds taken."""
        started = time.perf_counter()
        found = self.store.similarity_search_with_score(question, k=self.k)
        elapsed = (time.perf_counter() - started) * 1000
        return [Passage(source=d.metadata["source"], title=d.metadata["title"], page=int(d.metadata["page"]),
                        text=d.page_content, score=1 - distance, dense=1 - distance)
                for d, distance in found], elapsed
