import Toolkit
print("bench: skeleton")
